import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Principal } from '@flowline/nest-auth';
import type { RunsService } from '../runs/runs.service';
import type { RunEventsFeed } from './run-events-feed';
import { WatchRun } from './watch-run';

/**
 * The stream's safety net, over real HTTP: a feed that delivers nothing (it missed the run's events) must
 * still tell the watcher that the run completed, and end the stream.
 */
describe('watching a run whose events the feed missed', () => {
  let server: Server;
  let statuses: Array<{ status: string; result: string | null }>;

  beforeAll(async () => {
    const silentFeed = { ready: async () => undefined, watch: () => () => undefined };
    const runs = {
      get: async () => statuses.shift() ?? { status: 'COMPLETED', result: 'SUCCESS' },
    };
    const watch = new WatchRun(runs as unknown as RunsService, silentFeed as unknown as RunEventsFeed);
    const principal = { orgId: 'org_a' } as Principal;
    server = createServer((_req, res) => void watch.execute(principal, 'wfr_0123456789abcdef', res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('re-reads the run, sends its completion and ends the stream', async () => {
    statuses = [{ status: 'IN_PROGRESS', result: null }];
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
});
