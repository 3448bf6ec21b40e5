import http from 'node:http';
import net from 'node:net';
import { answerAfterBody } from './answer-after-body';

/**
 * A real HTTP server whose handler answers 404 without reading the body, behind `answerAfterBody`, and a
 * raw socket client that sends the body in parts, so what arrives when is observable.
 */
describe('answerAfterBody (lingering close)', () => {
  let server: http.Server;
  let port: number;
  const waitMs = 400;

  beforeAll(async () => {
    const linger = answerAfterBody(waitMs);
    server = http.createServer((req, res) =>
      linger(req, res, () => {
        if (req.url === '/read') {
          req.resume().on('end', () => res.end('read'));
          return;
        }
        res.statusCode = 404;
        res.end('nope');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  /** Opens a connection, sends a `Connection: close` request head and the first `sent` of `length` bytes. */
  async function partialRequest(path: string, length: number, sent: number) {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const closed = new Promise<string>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('close', () => resolve(received));
    });
    socket.write(
      `PATCH ${path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: text/plain\r\n` +
        `content-length: ${length}\r\n\r\n${'x'.repeat(sent)}`,
    );
    return { socket, closed, received: () => received };
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('holds an answer sent before the body was read until the rest of the body has arrived', async () => {
    const client = await partialRequest('/unknown', 1000, 10);
    await sleep(150);
    expect(client.received()).toBe('');
    client.socket.end('x'.repeat(990));
    const answer = await client.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    expect(answer.endsWith('nope')).toBe(true);
  });

  it('answers anyway once the wait is over, when the rest of the body never comes', async () => {
    const started = Date.now();
    const client = await partialRequest('/unknown', 1000, 10);
    while (client.received() === '' && Date.now() - started < 5_000) await sleep(20);
    expect(client.received()).toMatch(/^HTTP\/1\.1 404 /);
    expect(Date.now() - started).toBeGreaterThanOrEqual(waitMs - 20);
    client.socket.destroy();
  });

  it('leaves a kept-alive connection to Node, which reads the rest of the body itself', async () => {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.write('PATCH /unknown HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\nxxxxxxxxxx');
    const started = Date.now();
    while (!received.endsWith('nope') && Date.now() - started < 5_000) await sleep(10);
    expect(received).toMatch(/^HTTP\/1\.1 404 [\s\S]*nope$/);
    expect(Date.now() - started).toBeLessThan(waitMs);
    socket.destroy();
  });

  it('answers at once when the handler read the body, and when there is none', async () => {
    const read = await partialRequest('/read', 5, 5);
    expect(await read.closed).toMatch(/^HTTP\/1\.1 200 [\s\S]*read$/);
    const empty = await partialRequest('/unknown', 0, 0);
    expect(await empty.closed).toMatch(/^HTTP\/1\.1 404 /);
  });
});
