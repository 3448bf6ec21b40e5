import { type INestApplication } from '@nestjs/common';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { jsonNestingDepth, type RequestBodyLimits, unstorableTextPath } from './body-limits';

interface ErrorEnvelope {
  status: number;
  error: string;
  message: string;
  details?: unknown;
}

type Next = (error?: unknown) => void;

/**
 * Installs the request-body parsers every service shares, before `init()` so Nest does not add its own
 * 100 KB ones: JSON and form bodies up to `maxBytes` (413 beyond, naming the limit), and a JSON body
 * nested deeper than `maxDepth` refused with 422 NESTING_TOO_DEEP before any recursive code (DTO
 * transformation, validation, JQ) walks it. Body-parser failures answer in the API's envelope.
 */
export function configureRequestBodies(app: INestApplication, limits: RequestBodyLimits): void {
  const express = app as NestExpressApplication;
  app.use(refuseNulInUrl);
  express.useBodyParser('json', { limit: limits.maxBytes });
  express.useBodyParser('urlencoded', { limit: limits.maxBytes, extended: true });
  app.use((error: unknown, _req: IncomingMessage, res: ServerResponse, next: Next) => {
    const answer = bodyErrorEnvelope(error, limits);
    if (!answer) return next(error);
    sendError(res, answer);
  });
  app.use((req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: Next) => {
    const refusal = refusedBody(req.body, limits);
    if (refusal) sendError(res, refusal);
    else next();
  });
}

/** A parsed body nested too deep, or holding text PostgreSQL could not store: 422 with the path. */
function refusedBody(body: unknown, limits: RequestBodyLimits): ErrorEnvelope | undefined {
  if (body === undefined) return undefined;
  if (jsonNestingDepth(body, limits.maxDepth) > limits.maxDepth) {
    const message = `nested deeper than ${limits.maxDepth} levels`;
    return {
      status: 422,
      error: 'invalid_request',
      message: `the request body is ${message}`,
      details: [{ path: '', code: 'NESTING_TOO_DEEP', message }],
    };
  }
  const path = unstorableTextPath(body);
  if (path === undefined) return undefined;
  const message = 'text may not contain NUL characters or unpaired UTF-16 surrogates';
  return {
    status: 422,
    error: 'invalid_request',
    message: `invalid request: ${path || '(body)'}: ${message}`,
    details: [{ path, code: 'INVALID_TEXT', message }],
  };
}

/** A NUL in the path or query would reach PostgreSQL, which refuses it in text: a client error, said early. */
function refuseNulInUrl(req: IncomingMessage, res: ServerResponse, next: Next): void {
  if (!/%00/.test(req.url ?? '')) return next();
  sendError(res, {
    status: 400,
    error: 'bad_request',
    message: 'the request path or query contains a NUL character',
  });
}

/**
 * body-parser errors carry a `type`; without this they would reach the error filter as unknown errors
 * (500). The parse error's own message quotes the body, which may hold a secret, so it is not passed on.
 */
export function bodyErrorEnvelope(error: unknown, limits: RequestBodyLimits): ErrorEnvelope | undefined {
  const { type, status, code } = (error ?? {}) as { type?: unknown; status?: unknown; code?: unknown };
  if (isDecompressionError({ status, code })) {
    return {
      status: 400,
      error: 'bad_request',
      message: 'the request body could not be decompressed as its content-encoding says',
    };
  }
  if (typeof type !== 'string') return undefined;
  if (type === 'entity.too.large') {
    return {
      status: 413,
      error: 'payload_too_large',
      message: `the request body is larger than the limit of ${limits.maxBytes} bytes`,
    };
  }
  if (type === 'entity.parse.failed')
    return { status: 400, error: 'bad_request', message: 'the request body is not valid JSON' };
  if (type === 'charset.unsupported' || type === 'encoding.unsupported')
    return {
      status: 415,
      error: 'unsupported_media_type',
      message: `the request body's ${type.split('.')[0]} is not supported`,
    };
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, error: 'bad_request', message: `the request body could not be read (${type})` };
  }
  return undefined;
}

/**
 * A body that does not decompress as its `Content-Encoding` says: body-parser passes zlib's own error on
 * with status 400 but no `type`.
 */
function isDecompressionError(error: { code?: unknown; status?: unknown }): boolean {
  return (
    error.status === 400 &&
    typeof error.code === 'string' &&
    /^(Z_|ERR__ERROR|ERR_BROTLI|ERR_ZSTD)/.test(error.code)
  );
}

function sendError(res: ServerResponse, answer: ErrorEnvelope): void {
  const { status, ...rest } = answer;
  const body = JSON.stringify({ ok: false, ...rest });
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
