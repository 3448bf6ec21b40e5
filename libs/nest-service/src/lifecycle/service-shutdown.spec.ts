import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stopAccepting } from './service-shutdown';

describe('stopping the HTTP server', () => {
  it('lets a request in flight finish, then ends at once rather than at the keep-alive timeout', async () => {
    const server = createServer((_req, res) => setTimeout(() => res.end('done'), 300));
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true });
    const answer = new Promise<string>((resolve, reject) => {
      const call = request({ host: '127.0.0.1', port, agent }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      });
      call.on('error', reject);
      call.end();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const began = Date.now();
    await stopAccepting(server, 20_000);
    expect(await answer).toBe('done');
    // Within the 20 s drain and far below the 30 s keep-alive: the socket closed once its request ended.
    expect(Date.now() - began).toBeLessThan(5_000);
    agent.destroy();
  });
});
