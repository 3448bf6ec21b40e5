import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { type IncomingMessage } from 'node:http';
import { ApiError } from '../api-errors';
import { hasRequestBody, isJsonContentType } from './body-limits';

/**
 * A route that reads a `@Body()` takes JSON: a body of any other content type (text/plain, a form, none
 * at all) is refused with 415 before the handler runs. Without this the JSON parser skips such a body,
 * the DTO sees `{}`, and an all-optional DTO turns the request into a silent no-op. Routes that read the
 * raw request (e.g. GitHub's form-encoded webhooks) declare no `@Body()` and are left alone.
 *
 * A global guard, installed after the authentication guard: a caller without a valid token gets 401 first.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  private readonly readsBody = new WeakMap<object, boolean>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() === 'http' && this.handlerReadsBody(context)) {
      const request = context.switchToHttp().getRequest<IncomingMessage>();
      if (hasRequestBody(request.headers) && !isJsonContentType(request.headers['content-type'])) {
        throw new ApiError(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          'unsupported_media_type',
          `this endpoint takes a JSON body (content-type: application/json), not "${describe(request.headers['content-type'])}"`,
        );
      }
    }
    return true;
  }

  private handlerReadsBody(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    const known = this.readsBody.get(handler);
    if (known !== undefined) return known;
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as object;
    const reads = Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.BODY));
    this.readsBody.set(handler, reads);
    return reads;
  }
}

function describe(contentType: string | undefined): string {
  return contentType === undefined ? 'none' : contentType.slice(0, 100);
}
