import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { AddressPolicy, AddressRefusedError, normalizeHost } from './address-policy';

export type OutboundFailureKind =
  'address-refused' | 'timeout' | 'network' | 'response-too-large' | 'aborted';

/** A call that got no (complete, acceptable) HTTP answer; `kind` decides whether to retry. */
export class OutboundCallError extends Error {
  constructor(
    readonly kind: OutboundFailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface OutboundRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  /** Sent as is; undefined sends no body. */
  body?: Buffer;
}

export interface OutboundResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  durationMs: number;
}

export interface OutboundLimits {
  /** For the whole call: connecting, sending, and reading the full answer. */
  timeoutMs: number;
  maxResponseBytes: number;
  signal?: AbortSignal;
}

// The executor's in-flight pool bounds concurrent calls; a per-host socket cap below it would queue calls
// to one target behind each other (a slow target would delay every call to the same host).
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 1024, maxFreeSockets: 64, scheduling: 'lifo' as const };

/**
 * HTTP(S) calls to webhook targets over keep-alive connections shared by every call, with the SSRF
 * policy applied where the connection is made, a time limit for the whole call and a cap on the
 * response size. No proxy from the environment is used (it would connect on our behalf, unchecked),
 * and redirects are not followed (a 3xx is the answer).
 */
@Injectable()
export class OutboundHttpClient implements OnApplicationShutdown {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(private readonly policy: AddressPolicy) {
    this.httpAgent = new http.Agent({ ...AGENT_OPTIONS, lookup: policy.lookup });
    this.httpsAgent = new https.Agent({ ...AGENT_OPTIONS, lookup: policy.lookup });
  }

  send(request: OutboundRequest, limits: OutboundLimits): Promise<OutboundResponse> {
    // Connections to IP literals skip `lookup`, so they are checked here.
    const host = normalizeHost(request.url.hostname);
    const refusal = isIP(host) ? this.policy.refusal(host, host) : undefined;
    if (refusal) return Promise.reject(new OutboundCallError('address-refused', refusal.message));
    return new Promise((resolve, reject) => this.call(request, limits, resolve, reject));
  }

  onApplicationShutdown(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private call(
    request: OutboundRequest,
    limits: OutboundLimits,
    resolve: (response: OutboundResponse) => void,
    reject: (error: OutboundCallError) => void,
  ): void {
    const startedAt = Date.now();
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      finish();
    };
    const fail = (error: OutboundCallError) =>
      settle(() => {
        outgoing.destroy();
        reject(error);
      });
    const tooLarge = () =>
      fail(
        new OutboundCallError(
          'response-too-large',
          `the response is larger than the limit of ${limits.maxResponseBytes} bytes (WEBHOOK_MAX_RESPONSE_BYTES)`,
        ),
      );

    const isHttps = request.url.protocol === 'https:';
    const headers = { ...request.headers };
    if (request.body) headers['Content-Length'] = String(request.body.length);
    const outgoing = (isHttps ? https : http).request(
      request.url,
      { method: request.method, headers, agent: isHttps ? this.httpsAgent : this.httpAgent },
      (incoming) => {
        if (Number(incoming.headers['content-length']) > limits.maxResponseBytes) return tooLarge();
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxResponseBytes) tooLarge();
          else chunks.push(chunk);
        });
        incoming.on('error', (error) => fail(networkError(error)));
        incoming.on('end', () =>
          settle(() =>
            resolve({
              status: incoming.statusCode ?? 0,
              statusText: incoming.statusMessage ?? '',
              headers: incoming.headers,
              body: Buffer.concat(chunks),
              durationMs: Date.now() - startedAt,
            }),
          ),
        );
      },
    );
    outgoing.on('error', (error) => fail(networkError(error)));

    const timer = setTimeout(
      () => fail(new OutboundCallError('timeout', `no complete answer within ${limits.timeoutMs} ms`)),
      limits.timeoutMs,
    );
    const onAbort = () =>
      fail(new OutboundCallError('aborted', 'the call was abandoned: its deadline passed'));
    if (limits.signal?.aborted) return onAbort();
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.end(request.body);
  }
}

function networkError(error: Error & { code?: string }): OutboundCallError {
  if (error instanceof AddressRefusedError) return new OutboundCallError('address-refused', error.message);
  const code = error.code ? `${error.code}: ` : '';
  return new OutboundCallError('network', `${code}${error.message}`);
}
