import { type INestApplication } from '@nestjs/common';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DEFAULT_WORKFLOW_LIMITS } from '@flowline/workflow-schema';
import { ApiError } from '@flowline/nest-service';

/**
 * The definition limit counts compact JSON, and clients often send theirs pretty-printed: twice the
 * limit leaves room for whitespace, so a body between the two is parsed and the schema reports
 * DEFINITION_TOO_LARGE (422) with its size, and anything larger is refused unread (413).
 */
export const REQUEST_BODY_LIMIT_BYTES = 2 * DEFAULT_WORKFLOW_LIMITS.maxDefinitionBytes;

/** JSON and form bodies up to the limit; body-parser failures answered in the API's error envelope. */
export function configureRequestBodies(app: INestApplication): void {
  const express = app as NestExpressApplication;
  // Registered before init(), so Nest does not add its own 100 KB parsers.
  express.useBodyParser('json', { limit: REQUEST_BODY_LIMIT_BYTES });
  express.useBodyParser('urlencoded', { limit: REQUEST_BODY_LIMIT_BYTES, extended: true });
  app.use(answerBodyErrors);
}

/** Express error middleware (four parameters) right after the parsers. */
function answerBodyErrors(
  error: unknown,
  _request: unknown,
  _response: unknown,
  next: (error?: unknown) => void,
) {
  next(bodyErrorToApiError(error) ?? error);
}

/**
 * body-parser errors carry a `type`; without this they would reach the error filter as unknown errors
 * (500). The parse error's own message quotes the body, which may hold a secret, so it is not passed on.
 */
export function bodyErrorToApiError(error: unknown): ApiError | undefined {
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  if (typeof type !== 'string') return undefined;
  if (type === 'entity.too.large') {
    return new ApiError(
      413,
      'payload_too_large',
      `the request body is larger than ${REQUEST_BODY_LIMIT_BYTES} bytes`,
    );
  }
  if (type === 'entity.parse.failed')
    return new ApiError(400, 'bad_request', 'the request body is not valid JSON');
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(status, 'bad_request', `the request body could not be read (${type})`);
  }
  return undefined;
}
