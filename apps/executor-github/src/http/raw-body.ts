import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type INestApplication } from '@nestjs/common';

export const GITHUB_WEBHOOK_PATH = '/webhooks/github';
/** GitHub caps webhook payloads at 25 MB. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export type RawBodyRequest = IncomingMessage & { rawBody?: Buffer };

/**
 * GitHub signs the exact bytes it sends, so the webhook route keeps the raw body: registered before
 * `init()`, this reads it ahead of Nest's JSON parser (which then finds the request already read).
 */
export function configureRequestBodies(app: INestApplication): void {
  app.use(GITHUB_WEBHOOK_PATH, readRawBody);
}

export function readRawBody(req: RawBodyRequest, res: ServerResponse, next: (error?: unknown) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > MAX_WEBHOOK_BYTES) {
      refused = true;
      const message = `the webhook body is larger than ${MAX_WEBHOOK_BYTES} bytes`;
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ ok: false, error: 'payload_too_large', message }));
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (refused) return;
    req.rawBody = Buffer.concat(chunks);
    next();
  });
  req.on('error', (error) => {
    if (!refused) next(error);
  });
}
