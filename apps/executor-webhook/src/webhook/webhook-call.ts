import { validateHeaderName, validateHeaderValue } from 'node:http';
import { type NodeDispatchMessage } from '@flowline/contracts';
import { portSignatureHeaders, webhookSignatureHeaders } from '@flowline/executor-runtime';

export const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type WebhookMethod = (typeof WEBHOOK_METHODS)[number];
/** The reference sends `body` for these methods only (§5.1). */
const METHODS_WITH_BODY: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);
/** Set by the executor itself: a node's headers cannot replace them. */
const PROTOCOL_HEADERS = new Set([
  'idempotency-key',
  'x-flowline-run-id',
  'x-flowline-node-run-id',
  'x-port-workflow-run-id',
  'x-port-node-run-id',
  'x-flowline-timestamp',
  'x-flowline-signature',
  'x-port-timestamp',
  'x-port-signature',
  'x-port-signature-previous',
  'content-length',
  'transfer-encoding',
  'connection',
  'host',
]);

/** A rendered WEBHOOK config, checked and ready to send. */
export interface WebhookCall {
  url: URL;
  method: WebhookMethod;
  /** The node's own headers (protocol headers removed). */
  headers: Record<string, string>;
  /** The raw body; undefined when the method sends none. */
  body?: Buffer;
  /** Whether the node config had a body the method does not send. */
  bodyIgnored: boolean;
  synchronized: boolean;
}

export type ParsedWebhookCall = { ok: true; call: WebhookCall } | { ok: false; problems: string[] };

/** Reads the rendered config of a WEBHOOK node (reference §5.1), listing every problem. */
export function parseWebhookCall(config: Record<string, unknown>): ParsedWebhookCall {
  const problems: string[] = [];
  const url = readUrl(config['url'], problems);
  const method = readMethod(config['method'], problems);
  const headers = readHeaders(config['headers'], problems);
  const synchronized = config['synchronized'] ?? true;
  if (typeof synchronized !== 'boolean') problems.push('synchronized must be true or false');
  if (!url || !method || problems.length > 0) return { ok: false, problems };

  const hasBody = config['body'] !== undefined && config['body'] !== null;
  const sendsBody = METHODS_WITH_BODY.has(method);
  const body = sendsBody && hasBody ? encodeBody(config['body'], headers) : undefined;
  return {
    ok: true,
    call: {
      url,
      method,
      headers,
      body,
      bodyIgnored: hasBody && !sendsBody,
      synchronized: synchronized as boolean,
    },
  };
}

/**
 * The headers Flowline adds to every call: the idempotency key, the run and node-run ids (Flowline's and
 * Port's names, reference §9.4), Port's signature with the org's signing key(s) (`orgKeys`, current
 * first) and Flowline's own signature with the install-wide secret, both over the same timestamp and body.
 */
export function protocolHeaders(
  dispatch: Pick<NodeDispatchMessage, 'runId' | 'nodeRunId' | 'idempotencyKey'>,
  signingSecret: string,
  body: Buffer | undefined,
  now: Date = new Date(),
  orgKeys: readonly string[] = [],
): Record<string, string> {
  return {
    'Idempotency-Key': dispatch.idempotencyKey,
    'X-Flowline-Run-Id': dispatch.runId,
    'X-Flowline-Node-Run-Id': dispatch.nodeRunId,
    'X-Port-Workflow-Run-Id': dispatch.runId,
    'X-Port-Node-Run-Id': dispatch.nodeRunId,
    ...webhookSignatureHeaders(signingSecret, body ?? '', now),
    ...portSignatureHeaders(orgKeys, body ?? '', now),
  };
}

/** Where a call goes, for logs: no credentials and no query string (either may hold a token). */
export function describeCall(call: Pick<WebhookCall, 'method' | 'url'>): string {
  return `${call.method} ${call.url.origin}${call.url.pathname}`;
}

function readUrl(value: unknown, problems: string[]): URL | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push('url must be a non-empty string');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    problems.push('url is not a valid URL');
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`url must use http or https, not ${url.protocol.replace(/:$/, '')}`);
    return undefined;
  }
  return url;
}

function readMethod(value: unknown, problems: string[]): WebhookMethod | undefined {
  const method = value === undefined || value === null ? 'POST' : value;
  const upper = typeof method === 'string' ? method.toUpperCase() : '';
  if ((WEBHOOK_METHODS as readonly string[]).includes(upper)) return upper as WebhookMethod;
  problems.push(`method must be one of ${WEBHOOK_METHODS.join(', ')}`);
  return undefined;
}

function readHeaders(value: unknown, problems: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  if (value === undefined || value === null) return headers;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push('headers must be an object of header names and values');
    return headers;
  }
  for (const [name, raw] of Object.entries(value)) {
    if (raw === null || raw === undefined) continue;
    if (PROTOCOL_HEADERS.has(name.toLowerCase())) continue;
    const text = typeof raw === 'string' ? raw : typeof raw === 'object' ? undefined : String(raw);
    if (text === undefined) {
      problems.push(`headers["${name}"] must be text, not ${Array.isArray(raw) ? 'an array' : 'an object'}`);
      continue;
    }
    try {
      validateHeaderName(name);
      validateHeaderValue(name, text);
    } catch {
      // The value may hold a rendered secret: the problem names the header only.
      problems.push(`headers["${name}"] is not a valid HTTP header (name or value has forbidden characters)`);
      continue;
    }
    headers[name] = text;
  }
  return headers;
}

/** JSON unless the body is text and the node says its content type is something else. */
function encodeBody(body: unknown, headers: Record<string, string>): Buffer {
  const typeHeader = Object.keys(headers).find((name) => name.toLowerCase() === 'content-type');
  const contentType = typeHeader ? headers[typeHeader] : undefined;
  if (typeof body === 'string' && contentType && !/json/i.test(contentType)) return Buffer.from(body);
  if (!typeHeader) headers['Content-Type'] = 'application/json';
  return Buffer.from(JSON.stringify(body));
}
