import { type INestApplication } from '@nestjs/common';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { ApiError } from '@flowline/nest-service';
import type { OrchestratorConfig } from '../orchestrator.config';

/**
 * The orchestrator's HTTP set-up, applied before `init()` (startService's and startTestApp's
 * `beforeInit`):
 * - the extended query parser, so list filters work as `x[]=a&x[]=b` as well as `x=a&x=b`;
 * - a JSON body limit that fits a PATCH carrying the largest output a node may report (with room for
 *   logs), and body-parser failures answered in the API's error envelope instead of as HTML.
 */
export function configureHttp(config: OrchestratorConfig): (app: INestApplication) => void {
  const limit = 2 * config.MAX_REPORTED_OUTPUT_BYTES + 256 * 1024;
  return (app) => {
    const express = app as NestExpressApplication;
    express.set('query parser', 'extended');
    express.useBodyParser('json', { limit });
    app.use((error: unknown, _request: unknown, _response: unknown, next: (error?: unknown) => void) =>
      next(bodyErrorToApiError(error, limit) ?? error),
    );
  };
}

/** body-parser errors carry a `type`; their messages may quote the body, so they are not passed on. */
export function bodyErrorToApiError(error: unknown, limit: number): ApiError | undefined {
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  if (typeof type !== 'string') return undefined;
  if (type === 'entity.too.large') {
    return new ApiError(413, 'payload_too_large', `the request body is larger than ${limit} bytes`);
  }
  if (type === 'entity.parse.failed')
    return new ApiError(400, 'bad_request', 'the request body is not valid JSON');
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(status, 'bad_request', `the request body could not be read (${type})`);
  }
  return undefined;
}
