import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { core } from '@opentelemetry/sdk-node';
import { type Observable } from 'rxjs';

/**
 * Tells the HTTP instrumentation which route a request matched (`/v1/workflows/runs/:id`, never the
 * path with its ids), so the server span is named after it and `http.server.request.duration` gets a
 * bounded `http.route` label. Cheap: it sets one field on the request's telemetry context.
 */
@Injectable()
export class HttpRouteInterceptor implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (execution.getType() === 'http') {
      const metadata = core.getRPCMetadata(context.active());
      const route = (execution.switchToHttp().getRequest<{ route?: { path?: unknown } }>().route ?? {}).path;
      if (metadata?.type === core.RPCType.HTTP && typeof route === 'string') metadata.route = route;
    }
    return next.handle();
  }
}
