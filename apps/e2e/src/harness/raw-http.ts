import http from 'node:http';

export interface RawRequest {
  method: string;
  /** Sent as is (the caller escapes what must be escaped). */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  timeoutMs?: number;
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json?: Record<string, unknown>;
}

/**
 * One HTTP request with nothing added or checked on the way: any method, path, header and body bytes a
 * client could send (axios and fetch refuse or rewrite some). A request that gets no answer within
 * `timeoutMs` rejects: a hung answer is a finding, like a 5xx.
 */
export function rawRequest(baseUrl: string, request: RawRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> | undefined;
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
      },
    );
    outgoing.setTimeout(request.timeoutMs ?? 30_000, () =>
      outgoing.destroy(new Error(`no answer within ${request.timeoutMs ?? 30_000} ms`)),
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** JSON nested `depth` arrays deep around `inner`, built as text (a JS value that deep could not be serialised). */
export function deepJson(depth: number, inner = '1'): string {
  return `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
}
