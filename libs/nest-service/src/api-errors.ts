import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  UnprocessableEntityException,
  ValidationPipe,
} from '@nestjs/common';
import { flattenValidationErrors, type FieldProblem } from '@flowline/contracts';

/** The error codes the API answers with, in Port's `{ ok: false, error, message }` envelope. */
const ERROR_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'invalid_request',
  429: 'rate_limit_exceeded',
  503: 'service_unavailable',
};

/** A typed API error: a status, a stable code, and (for bad input) the paths of the bad fields. */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super({ ok: false, error: code, message, ...(details === undefined ? {} : { details }) }, status);
  }

  static notFound(what: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, 'not_found', `${what} was not found`);
  }

  static conflict(message: string): ApiError {
    return new ApiError(HttpStatus.CONFLICT, 'conflict', message);
  }

  static invalid(message: string, problems: FieldProblem[] | unknown[]): ApiError {
    return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'invalid_request', message, problems);
  }
}

/** Every error leaves the service in the envelope; unknown errors are logged and become a bare 500. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host
      .switchToHttp()
      .getResponse<{ status(code: number): { json(body: unknown): void } }>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (body && typeof body === 'object' && (body as { ok?: unknown }).ok === false) {
        response.status(status).json(body);
        return;
      }
      const message =
        typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      response.status(status).json({
        ok: false,
        error: ERROR_CODES[status] ?? `http_${status}`,
        message: Array.isArray(message) ? message.join('; ') : String(message),
      });
      return;
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    response.status(500).json({ ok: false, error: 'internal_error', message: 'internal server error' });
  }
}

/** Every HTTP body is a class-validator DTO; a bad one is a 422 listing each bad field with its path. */
export function dtoValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = flattenValidationErrors(errors);
      return new UnprocessableEntityException({
        ok: false,
        error: 'invalid_request',
        message: `invalid request: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
        details: problems,
      });
    },
  });
}
