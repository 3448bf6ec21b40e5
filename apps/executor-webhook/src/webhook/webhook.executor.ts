import { Injectable } from '@nestjs/common';
import {
  type ExecutionRequest,
  type ExecutionResult,
  failed,
  type NodeExecutor,
  SigningKeyResolver,
  SigningKeyUnavailableError,
  withActionPayload,
} from '@flowline/executor-runtime';
import { ExecutorWebhookConfig } from '../executor-webhook.config';
import { OutboundCallError, OutboundHttpClient } from '../outbound/outbound-http-client';
import { parseWebhookCall, protocolHeaders } from './webhook-call';
import { callFailureOutcome, responseOutcome, sentPayloadOf } from './webhook-outcome';

/** Shortest time a call gets even when the deadline is about to pass. */
const MIN_TIMEOUT_MS = 100;

/** WEBHOOK nodes (reference §5.1): one signed HTTP call per attempt. */
@Injectable()
export class WebhookExecutor implements NodeExecutor {
  readonly backend = 'webhook' as const;

  constructor(
    private readonly config: ExecutorWebhookConfig,
    private readonly http: OutboundHttpClient,
    private readonly signingKeys: SigningKeyResolver,
  ) {}

  async execute(request: ExecutionRequest): Promise<ExecutionResult> {
    const parsed = parseWebhookCall(request.config);
    if (!parsed.ok) {
      const message = `invalid WEBHOOK config: ${parsed.problems.join('; ')}`;
      return failed({ code: 'INVALID_CONFIG', message, retryable: false });
    }
    const { call } = parsed;
    let orgKeys: string[];
    try {
      orgKeys = await this.signingKeys.keysOf(request.dispatch.orgId);
    } catch (error) {
      if (!(error instanceof SigningKeyUnavailableError)) throw error;
      return failed({ code: error.code, message: error.message, retryable: error.retryable });
    }
    const secret = this.config.WEBHOOK_SIGNING_SECRET;
    const headers = {
      ...call.headers,
      ...protocolHeaders(request.dispatch, secret, call.body, new Date(), orgKeys),
    };
    try {
      const response = await this.http.send(
        { url: call.url, method: call.method, headers, body: call.body },
        {
          timeoutMs: callTimeoutMs(this.config.WEBHOOK_TIMEOUT_MS, request),
          maxResponseBytes: this.config.WEBHOOK_MAX_RESPONSE_BYTES,
          signal: request.signal,
        },
      );
      return withActionPayload(responseOutcome(call, response), request, sentPayloadOf(call));
    } catch (error) {
      if (error instanceof OutboundCallError) return callFailureOutcome(call, error);
      throw error;
    }
  }
}

/** The configured limit, lowered by the node's own timeoutSeconds and the attempt's deadline. */
export function callTimeoutMs(
  configuredMs: number,
  request: Pick<ExecutionRequest, 'deadline'> & { dispatch: { node: { timeoutSeconds?: number } } },
  now: number = Date.now(),
): number {
  const limits = [configuredMs];
  const nodeSeconds = request.dispatch.node.timeoutSeconds;
  if (nodeSeconds !== undefined) limits.push(nodeSeconds * 1000);
  if (request.deadline) limits.push(request.deadline.getTime() - now);
  return Math.max(MIN_TIMEOUT_MS, Math.min(...limits));
}
