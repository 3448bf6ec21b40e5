import { type IncomingHttpHeaders } from 'node:http';
import {
  type ExecutionLog,
  type ExecutionResult,
  failed,
  inProgress,
  succeeded,
} from '@flowline/executor-runtime';
import {
  type OutboundCallError,
  type OutboundFailureKind,
  type OutboundResponse,
} from '../outbound/outbound-http-client';
import { describeCall, type WebhookCall } from './webhook-call';

/** How much of a failed response's body goes into the node run's log line. */
const LOGGED_BODY_CHARS = 2_000;

/** Another attempt may get a different answer: rate limiting and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

const FAILURES: Record<OutboundFailureKind, { code: string; retryable: boolean }> = {
  'address-refused': { code: 'ADDRESS_REFUSED', retryable: false },
  timeout: { code: 'TIMEOUT', retryable: true },
  network: { code: 'NETWORK_ERROR', retryable: true },
  'response-too-large': { code: 'RESPONSE_TOO_LARGE', retryable: false },
  aborted: { code: 'DEADLINE_EXCEEDED', retryable: true },
};

/** A call that got no usable answer: network errors and timeouts may succeed next time, a refusal not. */
export function callFailureOutcome(call: WebhookCall, error: OutboundCallError): ExecutionResult {
  const { code, retryable } = FAILURES[error.kind];
  return failed({ code, message: `${describeCall(call)} failed: ${error.message}`, retryable });
}

/**
 * The answer of the target. 2xx: synchronized nodes succeed with `{response: {status, data, headers}}`;
 * the others stay IN_PROGRESS until their node run is reported. Any other status fails the node, keeps
 * the response in its output and puts status and body in its log.
 */
export function responseOutcome(call: WebhookCall, response: OutboundResponse): ExecutionResult {
  const data = parseResponseData(response.body, response.headers['content-type']);
  const output = { response: { status: response.status, data, headers: responseHeaders(response.headers) } };
  const summary = `${describeCall(call)} -> ${response.status} ${response.statusText} (${response.durationMs} ms)`;
  const logs: ExecutionLog[] = call.bodyIgnored
    ? [{ logLevel: 'WARN', log: `body not sent: ${call.method} requests carry no body` }]
    : [];

  if (response.status >= 200 && response.status < 300) {
    if (call.synchronized) return succeeded(output, [...logs, { logLevel: 'INFO', log: summary }]);
    return inProgress([
      ...logs,
      { logLevel: 'INFO', log: `${summary}; waiting for the node run to be reported (synchronized: false)` },
    ]);
  }
  const body = response.body.toString('utf8');
  const shown = body.length > LOGGED_BODY_CHARS ? `${body.slice(0, LOGGED_BODY_CHARS)}… (cut)` : body;
  return failed(
    {
      code: 'HTTP_ERROR',
      message: `${describeCall(call)} answered ${response.status} ${response.statusText}`.trim(),
      retryable: isRetryableStatus(response.status),
    },
    { output, logs: [...logs, { logLevel: 'ERROR', log: `${summary}: ${shown || '(empty body)'}` }] },
  );
}

/** The body the call sent, as JSON when it is JSON (else its text); null when it sent none. */
export function sentPayloadOf(call: Pick<WebhookCall, 'body'>): unknown {
  return call.body === undefined ? null : parseResponseData(call.body, undefined);
}

/** The parsed body (reference §5.1 `response.data`): JSON when it is JSON, else the text; empty is null. */
export function parseResponseData(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return null;
  const text = body.toString('utf8');
  const declaredJson = contentType ? /[/+]json\b/i.test(contentType) : undefined;
  if (declaredJson === false) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function responseHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) result[name] = value;
  return result;
}
