import { metrics } from '@opentelemetry/api';
import { JqTimeoutError } from '../errors';
import type { Outcome } from './outcome';

// The OpenTelemetry API only: a no-op until the process starts an SDK (services do; tests need not).
const meter = metrics.getMeter('@flowline/jq');
const evaluationDuration = meter.createHistogram('flowline.jq.evaluation.duration', {
  description: 'Time to evaluate a JQ expression or render a template, by outcome',
  unit: 's',
});
const timeouts = meter.createCounter('flowline.jq.timeouts', {
  description: 'JQ evaluations stopped at the time limit',
  unit: '{evaluation}',
});

/** Records one evaluation (or template render) that started at `startedAt` (performance.now()). */
export function recordEvaluation(startedAt: number, outcomes: Iterable<Outcome>): void {
  let result: 'ok' | 'error' | 'timeout' = 'ok';
  for (const outcome of outcomes) {
    if (outcome.ok) continue;
    if (outcome.error instanceof JqTimeoutError) {
      result = 'timeout';
      timeouts.add(1);
      break;
    }
    result = 'error';
  }
  evaluationDuration.record((performance.now() - startedAt) / 1000, { 'flowline.jq.outcome': result });
}
