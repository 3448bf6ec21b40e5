import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Principal } from '@flowline/nest-auth';
import { serviceStopping } from '@flowline/nest-observability';
import type { RunsService } from '../runs/runs.service';
import type { RunEventsFeed } from './run-events-feed';
import { WatchRun } from './watch-run';

/**
 * Over real HTTP, with a feed that delivers nothing (it missed the run's events): the stream must still
 * tell the watcher that the run completed, and end; and it ends when the replica begins to stop.
 */
describe('watching a run whose events the feed missed', () => {
  let server: Server;
  let statuses: Array<{ status: string; result: string | null }>;
  /** What the run reads as once `statuses` is used up. */
  let finally_: { status: string; result: string | null };

  beforeAll(async () => {
    const silentFeed = { ready: async () => undefined, watch: () => () => undefined };
    const runs = { get: async () => statuses.shift() ?? finally_ };
    const watch = new WatchRun(runs as unknown as RunsService, silentFeed as unknown as RunEventsFeed);
    const principal = { orgId: 'org_a' } as Principal;
    server = createServer((_req, res) => {
      watch.execute(principal, 'wfr_0123456789abcdef', res).catch((error: { status?: number }) => {
        res.statusCode = error.status ?? 500;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );

  it('re-reads the run, sends its completion and ends the stream', async () => {
    statuses = [{ status: 'IN_PROGRESS', result: null }];
    finally_ = { status: 'COMPLETED', result: 'SUCCESS' };
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`);
    const body = await response.text();
    const runEvents = body
      .split('\n\n')
      .filter((chunk) => chunk.startsWith('event: run'))
      .map((chunk) => JSON.parse(chunk.split('\ndata: ')[1]) as { status: string; result: string | null });
    expect(runEvents).toEqual([
      { runId: 'wfr_0123456789abcdef', status: 'IN_PROGRESS', result: null },
      { runId: 'wfr_0123456789abcdef', status: 'COMPLETED', result: 'SUCCESS' },
    ]);
  }, 20_000);

  // Last: the stop signal is this process's, and stays announced.
  it('ends the stream of a running run when the replica begins to stop, and refuses new watchers', async () => {
    statuses = [];
    finally_ = { status: 'IN_PROGRESS', result: null };
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`);
    if (!response.body) throw new Error('no body');
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let body = '';
    while (!body.includes('event: run')) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended early: ${body}`);
      body += decoder.decode(value);
    }
    serviceStopping.announce();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      body += decoder.decode(chunk.value);
    expect(body).toContain('"status":"IN_PROGRESS"');
    expect(body).not.toContain('COMPLETED');
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(503);
  }, 20_000);
});
