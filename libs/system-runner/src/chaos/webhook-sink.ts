import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/** What the kill test reads of one webhook request. */
export interface SinkRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

/** Where the kill test's webhooks go and what they delivered (RecordingSink of @flowline/testing fits too). */
export interface WebhookSink {
  readonly baseUrl: string;
  readonly requests: readonly SinkRequest[];
}

export interface WebhookRecorderOptions {
  /**
   * Share (0–1) of node runs whose first attempt is answered 503, a retryable failure: the orchestrator
   * then retries them (attempt 2, a new key) after a durable backoff timer, which the kills must not lose.
   */
  failFirstAttemptShare?: number;
  /**
   * How long each answer takes (ms, default 0): a run then stays in flight for a while, so a kill lands
   * on work in progress however fast the system is.
   */
  answerDelayMs?: number;
}

/**
 * A loopback webhook target that records every request's path and headers and answers 200 `{ path }`,
 * or 503 to the first attempt of a fixed share of node runs (chosen by a hash of the node run id, so a
 * redelivery of that attempt gets 503 again). RecordingSink cannot fail once and then succeed, hence
 * this sink of its own.
 */
export class WebhookRecorder implements WebhookSink {
  private constructor(
    readonly baseUrl: string,
    readonly requests: SinkRequest[],
    private readonly server: Server,
  ) {}

  static async start(options: WebhookRecorderOptions = {}): Promise<WebhookRecorder> {
    const share = options.failFirstAttemptShare ?? 0;
    const delayMs = options.answerDelayMs ?? 0;
    const requests: SinkRequest[] = [];
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const path = req.url ?? '/';
        requests.push({ path, headers: req.headers });
        const key = String(req.headers['idempotency-key'] ?? '');
        const fail = key.endsWith(':1') && shareOf(key.slice(0, -2)) < share;
        const answer = () => {
          if (res.destroyed) return;
          res
            .writeHead(fail ? 503 : 200, { 'content-type': 'application/json' })
            .end(JSON.stringify(fail ? { error: 'try again later' } : { path }));
        };
        if (delayMs > 0) setTimeout(answer, delayMs);
        else answer();
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return new WebhookRecorder(`http://127.0.0.1:${port}`, requests, server);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A stable number in [0, 1) for a text. */
function shareOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}
