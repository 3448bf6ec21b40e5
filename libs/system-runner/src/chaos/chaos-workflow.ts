/** The nodes of the kill test's workflow that call the sink; the sink path of each is `/chaos/<node>`. */
export const WEBHOOK_NODES = ['call-a', 'call-b'] as const;
export type WebhookNode = (typeof WEBHOOK_NODES)[number];

export interface ChaosWorkflowPolicy {
  /** The orchestrator's durable timeout of each webhook attempt. */
  timeoutSeconds: number;
  /** Attempts of a webhook call that failed retryably (the first one included). */
  maxAttempts: number;
}

/**
 * trigger → webhook A → condition (A answered 200) → webhook B: four nodes, two side effects per run,
 * both to the sink. The webhooks retry retryable failures (network errors, 5xx, the executor's own
 * timeouts) with a short backoff, and have a durable timeout, so a dispatch whose result never comes
 * back ends the node instead of leaving the run waiting forever.
 */
export function chaosWorkflow(
  identifier: string,
  sinkUrl: string,
  policy: ChaosWorkflowPolicy,
): Record<string, unknown> {
  const retry = {
    maxAttempts: policy.maxAttempts,
    initialIntervalMs: 500,
    backoffRate: 2,
    maxIntervalMs: 4_000,
  };
  const webhook = (node: WebhookNode, body: Record<string, string>) => ({
    identifier: node,
    config: { type: 'WEBHOOK', url: `${sinkUrl}/chaos/${node}`, method: 'POST', body, synchronized: true },
    retry,
    timeoutSeconds: policy.timeoutSeconds,
  });
  return {
    identifier,
    title: 'Kill test',
    nodes: [
      {
        identifier: 'trigger',
        config: {
          type: 'SELF_SERVE_TRIGGER',
          userInputs: { properties: { n: { type: 'string' } }, required: ['n'] },
        },
      },
      webhook('call-a', { run: '{{ .workflowRun.identifier }}', n: '{{ .outputs.trigger.n }}' }),
      {
        identifier: 'check-a',
        config: {
          type: 'CONDITION',
          options: [{ identifier: 'ok', expression: '.outputs["call-a"].response.status == 200' }],
        },
      },
      webhook('call-b', {
        run: '{{ .workflowRun.identifier }}',
        after: '{{ .outputs["call-a"].response.data.path }}',
      }),
    ],
    connections: [
      { sourceIdentifier: 'trigger', targetIdentifier: 'call-a' },
      { sourceIdentifier: 'call-a', targetIdentifier: 'check-a' },
      { sourceIdentifier: 'check-a', targetIdentifier: 'call-b', sourceOptionIdentifier: 'ok' },
    ],
  };
}
