import { type ServerResponse } from 'node:http';

/** Port's error envelope, for answers the gateway gives itself outside Nest (429, 503). */
export interface ErrorEnvelope {
  ok: false;
  error: string;
  message: string;
}

export function sendEnvelope(res: ServerResponse, status: number, body: ErrorEnvelope): void {
  const json = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(json));
  res.end(json);
}
