import type { ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import type { Principal } from '@flowline/nest-auth';
import { RunsService } from '../runs/runs.service';
import { RunEventsFeed, type WatchedRunEvent } from './run-events-feed';

/** Below the gateway's upstream idle timeout, so a quiet run's stream is not cut. */
const HEARTBEAT_MS = 10_000;

/**
 * Streams a run's status changes to one watcher: the run as it is now first (so nothing between the
 * watcher's read and its subscription is lost), then each event; the stream ends once the run completes.
 */
@Injectable()
export class WatchRun {
  constructor(
    private readonly runs: RunsService,
    private readonly feed: RunEventsFeed,
  ) {}

  async execute(principal: Principal, runId: string, res: ServerResponse): Promise<void> {
    const buffered: WatchedRunEvent[] = [];
    let deliver: (event: WatchedRunEvent) => void = (event) => buffered.push(event);
    const stopWatching = this.feed.watch(principal.orgId, runId, (event) => deliver(event));
    let heartbeat: NodeJS.Timeout | undefined = undefined;
    const close = () => {
      clearInterval(heartbeat);
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
    heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    send('run', { runId, status: run.status, result: run.result });
    if (run.status === 'COMPLETED') return close();
    deliver = (event) => {
      send(event.type === 'WORKFLOW_RUN_STATUS_CHANGED' ? 'run' : 'node-run', event);
      if (event.type === 'WORKFLOW_RUN_STATUS_CHANGED' && event.status === 'COMPLETED') close();
    };
    for (const event of buffered.splice(0)) deliver(event);
  }
}
