import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as received (what the signature covers). */
  body: string;
  /** The client port, to see connections being reused. */
  remotePort: number;
}

/**
 * A webhook target on 127.0.0.1 that records every request and answers by path:
 * `/fail` 500 text, `/bad` 400 JSON, `/accepted` 202, `/slow` 200 after 2.5 s, `/large` 2 MiB of JSON,
 * `/flaky/<name>/<n>` 503 for its first n calls then 200, `/switch/<name>` 500 while `<name>` is in
 * `failing` else 200, `/delay/<ms>[/...]` 200 after `ms` milliseconds, and any other path 200 with a JSON echo (`id`, the parsed body, the authorization
 * header, the path).
 */
export class RecordingSink {
  /** Names of `/switch/<name>` routes that answer 500 for now. */
  readonly failing = new Set<string>();

  private constructor(
    readonly baseUrl: string,
    private readonly server: Server,
    readonly requests: RecordedRequest[],
  ) {}

  static async start(): Promise<RecordingSink> {
    const requests: RecordedRequest[] = [];
    // The server answers through the sink, which exists only once the server listens.
    const self: { sink?: RecordingSink } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        requests.push({
          method: req.method ?? '',
          path,
          headers: req.headers,
          body,
          remotePort: req.socket.remotePort ?? 0,
        });
        const reply: Reply = (status, type, text, delayMs = 0) => {
          const timer = setTimeout(() => {
            if (!res.destroyed) res.writeHead(status, { 'content-type': type }).end(text);
          }, delayMs);
          res.on('close', () => clearTimeout(timer));
        };
        const scripted = self.sink?.scripted(path);
        if (scripted) reply(scripted, 'application/json', JSON.stringify({ status: scripted, path }));
        else answer(path, body, req.headers, reply);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    self.sink = new RecordingSink(`http://127.0.0.1:${port}`, server, requests);
    return self.sink;
  }

  /** The requests made to one route (path without query). */
  calls(route: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path.split('?')[0] === route);
  }

  /** The status a flaky or switched route answers, or undefined for the fixed routes. */
  private scripted(path: string): number | undefined {
    const route = path.split('?')[0];
    const flaky = /^\/flaky\/[^/]+\/(\d+)$/.exec(route);
    if (flaky) return this.calls(route).length <= Number(flaky[1]) ? 503 : 200;
    const switched = /^\/switch\/([^/]+)$/.exec(route);
    if (switched) return this.failing.has(switched[1]) ? 500 : 200;
    return undefined;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  withIdempotencyKey(key: string): RecordedRequest[] {
    return this.requests.filter((request) => request.headers['idempotency-key'] === key);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

type Reply = (status: number, contentType: string, body: string, delayMs?: number) => void;

function answer(path: string, body: string, headers: IncomingHttpHeaders, reply: Reply): void {
  const route = path.split('?')[0];
  const delayed = /^\/delay\/(\d+)(\/|$)/.exec(route);
  if (delayed) return reply(200, 'application/json', JSON.stringify({ path: route }), Number(delayed[1]));
  switch (route) {
    case '/accepted':
      return reply(202, 'application/json', '{"accepted":true}');
    case '/fail':
      return reply(500, 'text/plain', 'database down');
    case '/bad':
      return reply(400, 'application/json', '{"error":"name is required"}');
    case '/slow':
      return reply(200, 'application/json', '{"late":true}', 2_500);
    case '/large':
      return reply(200, 'application/json', JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) }));
    default:
      return reply(
        200,
        'application/json',
        JSON.stringify({
          id: 'dep-9',
          path: route,
          received: safeJson(body),
          authorization: headers.authorization ?? null,
        }),
      );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
