import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type GatewayConfig } from '../gateway.config';
import { sendEnvelope } from './envelope';
import { type UpstreamService } from './route-table';

// RFC 9110 §7.6.1 hop-by-hop headers: they describe one connection, never the request end to end.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const IDLE_UPSTREAM_SOCKET_MS = 3_000;

export interface ForwardTarget {
  service: UpstreamService;
  baseUrl: string;
  requestId: string;
}

/**
 * Streams a request to an upstream service and its answer back: method, path, query, headers (minus
 * hop-by-hop ones) and body go up untouched; status, headers and body come back untouched. A service
 * that refuses the connection, or stays silent past the timeouts, becomes a quick 503.
 */
@Injectable()
export class UpstreamForwarder implements OnApplicationShutdown {
  private readonly logger = new Logger('UpstreamForwarder');
  // An idle pooled connection is dropped after 3 s, before a Node service's own keep-alive timeout
  // (5 s) closes it: otherwise a request can be written to a socket the service is closing at that very
  // moment, and fail with "socket hang up" (a 503 to the caller for nothing). Found by the fuzz test.
  private readonly agents = {
    http: new http.Agent({ keepAlive: true, timeout: IDLE_UPSTREAM_SOCKET_MS }),
    https: new https.Agent({ keepAlive: true, timeout: IDLE_UPSTREAM_SOCKET_MS }),
  };

  /** Each service's base URL, parsed once: a handful of configured values, not one parse per request. */
  private readonly bases = new Map<string, UpstreamBase>();

  constructor(@Inject('SERVICE_CONFIG') private readonly config: GatewayConfig) {}

  forward(req: IncomingMessage, res: ServerResponse, target: ForwardTarget): void {
    const base = this.baseOf(target.baseUrl);
    const secure = base.protocol === 'https:';
    let upstream: http.ClientRequest;
    try {
      upstream = (secure ? https : http).request({
        protocol: base.protocol,
        hostname: base.hostname,
        port: base.port,
        // The path exactly as the caller sent it: no URL parsing, which would resolve `..` and `\`.
        path: base.pathPrefix + (req.url ?? '/'),
        method: req.method,
        headers: this.upstreamHeaders(req, target.requestId),
        agent: secure ? this.agents.https : this.agents.http,
        timeout: this.config.UPSTREAM_RESPONSE_TIMEOUT_MS,
      });
    } catch {
      // Node refuses request targets with characters HTTP does not allow unescaped.
      req.resume();
      sendEnvelope(res, 400, { ok: false, error: 'bad_request', message: 'the request path is not valid' });
      return;
    }

    const connectTimer = setTimeout(
      () => upstream.destroy(new Error('connect timeout')),
      this.config.UPSTREAM_CONNECT_TIMEOUT_MS,
    );
    upstream.on('socket', (socket) => {
      if (!socket.connecting) clearTimeout(connectTimer);
      else socket.once('connect', () => clearTimeout(connectTimer));
    });
    upstream.on('timeout', () => upstream.destroy(new Error('response timeout')));

    upstream.on('response', (answer) => {
      clearTimeout(connectTimer);
      res.removeHeader('x-powered-by'); // Express's own; the service says for itself what it runs on
      for (const [name, value] of Object.entries(answer.headers)) {
        // The gateway's own headers (request id, rate limits) are already set and win.
        if (value !== undefined && !HOP_BY_HOP.has(name) && !res.hasHeader(name)) res.setHeader(name, value);
      }
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });

    upstream.on('error', (error) => {
      clearTimeout(connectTimer);
      req.unpipe(upstream);
      if (res.destroyed) return; // the caller left first; nobody to answer
      if (res.headersSent) {
        res.destroy();
        return;
      }
      this.logger.warn({
        message: `${target.service} did not answer: ${error.message}`,
        requestId: target.requestId,
        upstream: target.service,
      });
      req.resume();
      sendEnvelope(res, 503, {
        ok: false,
        error: 'service_unavailable',
        message: `${target.service} is not available`,
      });
    });

    // The caller went away before the answer was complete: stop the upstream call too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  private baseOf(baseUrl: string): UpstreamBase {
    let base = this.bases.get(baseUrl);
    if (!base) {
      const url = new URL(baseUrl);
      base = {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port || undefined,
        // The base URL's own path (if any) goes before the caller's path and query.
        pathPrefix: url.pathname.replace(/\/+$/, ''),
      };
      this.bases.set(baseUrl, base);
    }
    return base;
  }

  onApplicationShutdown(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private upstreamHeaders(req: IncomingMessage, requestId: string): IncomingHttpHeaders {
    const named = connectionHeaderNames(req.headers.connection);
    const headers: IncomingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (name === 'host' || HOP_BY_HOP.has(name) || named.has(name)) continue;
      headers[name] = value;
    }
    // Behind a trusted proxy, extend what it says; at the edge, what a caller claims is dropped.
    const trusted = this.config.TRUST_X_FORWARDED_FOR;
    const clientIp = req.socket.remoteAddress;
    const forwardedFor = trusted ? req.headers['x-forwarded-for'] : undefined;
    headers['x-forwarded-for'] = [forwardedFor, clientIp].filter(Boolean).join(', ');
    headers['x-forwarded-host'] = (trusted && req.headers['x-forwarded-host']) || req.headers.host;
    headers['x-forwarded-proto'] = (trusted && req.headers['x-forwarded-proto']) || 'http';
    headers['x-request-id'] = requestId;
    return headers;
  }
}

interface UpstreamBase {
  protocol: string;
  hostname: string;
  port: string | undefined;
  /** The base URL's path without a trailing slash ('' for none). */
  pathPrefix: string;
}

// Headers the caller named in `Connection` are hop-by-hop too.
function connectionHeaderNames(connection: string | undefined): Set<string> {
  return new Set(
    (connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
}
