import type { ServerResponse } from 'node:http';
import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { Principal } from '@flowline/nest-auth';
import { serviceStopping } from '@flowline/nest-observability';
import { RunsService } from '../runs/runs.service';
import { RunEventsFeed, type WatchedRunEvent } from './run-events-feed';

/**
 * How often a quiet stream gets a heartbeat and the run is read again. Below the gateway's upstream idle
 * timeout, so a quiet run's stream is not cut; the read is the safety net for events the feed missed (a
 * replica whose feed has not joined yet, a broker hiccup), so a watcher never waits on a run that ended.
 */
const RESYNC_MS = 5_000;

/**
 * Streams a run's status changes to one watcher: the run as it is now first (so nothing between the
 * watcher's read and its subscription is lost), then each event; the stream ends once the run completes,
 * or when this replica begins to stop (the watcher reconnects, to another replica or this one restarted).
 */
@Injectable()
export class WatchRun {
  constructor(
    private readonly runs: RunsService,
    private readonly feed: RunEventsFeed,
  ) {}

  async execute(principal: Principal, runId: string, res: ServerResponse): Promise<void> {
    if (serviceStopping.stopping) throw new ServiceUnavailableException('this replica is stopping');
    await this.feed.ready();
    const buffered: WatchedRunEvent[] = [];
    let deliver: (event: WatchedRunEvent) => void = (event) => buffered.push(event);
    const stopWatching = this.feed.watch(principal.orgId, runId, (event) => deliver(event));
    let heartbeat: NodeJS.Timeout | undefined = undefined;
    let unlisten: (() => void) | undefined = undefined;
    const close = () => {
      clearInterval(heartbeat);
      unlisten?.();
      stopWatching();
      if (!res.writableEnded) res.end();
    };
    // A watcher that leaves while the run is being read must not stay subscribed.
    res.on('close', close);
    let run;
    try {
      // Subscribed first, read second: a change in between is in `buffered`.
      run = await this.runs.get(principal, runId);
    } catch (error) {
      stopWatching();
      throw error;
    }
    if (res.destroyed) return close();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
    const send = (name: string, data: unknown) => {
      if (!res.writableEnded) res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    let sent: { status: string; result: string | null } = { status: run.status, result: run.result };
    const sendRun = (status: string, result: string | null) => {
      sent = { status, result };
      send('run', { runId, status, result });
      if (status === 'COMPLETED') close();
    };
    const resync = () => {
      res.write(': heartbeat\n\n');
      this.runs.get(principal, runId).then(
        (fresh) => {
          if (fresh.status !== sent.status || fresh.result !== sent.result)
            sendRun(fresh.status, fresh.result);
        },
        () => undefined,
      );
    };
    heartbeat = setInterval(resync, RESYNC_MS);
    sendRun(run.status, run.result);
    if (res.writableEnded) return;
    unlisten = serviceStopping.listen(close);
    deliver = (event) => {
      if (event.type === 'WORKFLOW_RUN_STATUS_CHANGED') {
        sent = { status: event.status, result: event.result };
        send('run', event);
        if (event.status === 'COMPLETED') close();
      } else send('node-run', event);
    };
    for (const event of buffered.splice(0)) deliver(event);
  }
}
