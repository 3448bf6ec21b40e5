import { type IncomingMessage, type ServerResponse } from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AccessTokenVerifier } from '@flowline/nest-auth';
import { type GatewayConfig } from '../gateway.config';
import { clientAddress } from '../rate-limits/client-address';
import { type RateLimitDecision, type RateLimiter } from '../rate-limits/fixed-window-rate-limiter';
import { requestIdFor } from '../request-ids/request-id';
import { sendEnvelope } from './envelope';
import { routeFor } from './route-table';
import { UpstreamForwarder } from './upstream-forwarder';

export const RATE_LIMITER = Symbol('RATE_LIMITER');

type Next = (error?: unknown) => void;

/**
 * The gateway's front door, run for every request ahead of Nest (and its body parsers, so bodies stream
 * to services untouched): gives the request an id, counts it against its org's rate limit, and sends
 * `/v1/...` paths a service owns to that service. Everything else (the token endpoint, health, docs,
 * unknown paths and `/internal/*`, which answer 404) continues into Nest.
 */
@Injectable()
export class PublicApiRouter {
  private readonly logger = new Logger('PublicApiRouter');

  constructor(
    @Inject('SERVICE_CONFIG') private readonly config: GatewayConfig,
    @Inject(RATE_LIMITER) private readonly rateLimiter: RateLimiter,
    private readonly forwarder: UpstreamForwarder,
    private readonly tokens: AccessTokenVerifier,
  ) {}

  handle(req: IncomingMessage, res: ServerResponse, next: Next): void {
    // The request body stays paused (unread) until it is forwarded or handed to Nest.
    this.route(req, res, next).catch(next);
  }

  private async route(req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> {
    const requestId = requestIdFor(req.headers['x-request-id']);
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    const path = (req.url ?? '/').split('?')[0];
    if (path.toLowerCase().startsWith('/health/')) return next();

    const caller = await this.callerOf(req);
    const decision = await this.rateLimiter.take(caller.rateLimitKey);
    setRateLimitHeaders(res, decision);
    if (!decision.allowed) {
      req.resume();
      res.setHeader('retry-after', Math.max(1, decision.resetAtEpochSeconds - Math.floor(Date.now() / 1000)));
      sendEnvelope(res, 429, {
        ok: false,
        error: 'rate_limit_exceeded',
        message: `rate limit of ${decision.limit} requests per ${decision.periodSeconds} s exceeded; retry after the reset time`,
      });
      return;
    }

    const service = routeFor(req.method ?? 'GET', path);
    if (!service) return next();
    const baseUrl = this.config.upstreamUrl(service);
    this.logAnswer(req, res, { requestId, upstream: service, orgId: caller.orgId, path });
    if (!baseUrl) {
      req.resume();
      sendEnvelope(res, 503, {
        ok: false,
        error: 'service_unavailable',
        message: `${service} is not available`,
      });
      return;
    }
    this.forwarder.forward(req, res, { service, baseUrl, requestId });
  }

  /**
   * The org of a valid bearer token (a machine client's or a user's); without one, the client IP stands
   * in for rate limiting.
   */
  private async callerOf(req: IncomingMessage): Promise<{ rateLimitKey: string; orgId?: string }> {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token) {
      try {
        const { orgId } = await this.tokens.verify(token);
        return { rateLimitKey: `org:${orgId}`, orgId };
      } catch {
        // Proxied anyway: the service answers 401 in its own words.
      }
    }
    const address = clientAddress(
      req.headers['x-forwarded-for'],
      req.socket.remoteAddress,
      this.config.TRUST_X_FORWARDED_FOR,
    );
    return { rateLimitKey: `ip:${address}` };
  }

  private logAnswer(
    req: IncomingMessage,
    res: ServerResponse,
    fields: { requestId: string; upstream: string; orgId?: string; path: string },
  ): void {
    const started = Date.now();
    res.once('close', () => {
      this.logger.log({
        message: `${req.method} ${fields.path} -> ${fields.upstream} ${res.statusCode}`,
        ...fields,
        method: req.method,
        status: res.statusCode,
        completed: res.writableFinished,
        durationMs: Date.now() - started,
      });
    });
  }
}

/** Port's rate-limit headers. */
function setRateLimitHeaders(res: ServerResponse, decision: RateLimitDecision): void {
  res.setHeader('x-ratelimit-limit', decision.limit);
  res.setHeader('x-ratelimit-remaining', decision.remaining);
  res.setHeader('x-ratelimit-period', decision.periodSeconds);
  res.setHeader('x-ratelimit-reset', decision.resetAtEpochSeconds);
}
