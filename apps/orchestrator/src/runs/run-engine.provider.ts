import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { newId } from '@flowline/contracts';
import { JqEngine } from '@flowline/jq';
import type { ExpressionEvaluator } from '../engine/expression-evaluator';
import { RunEngine } from '../engine/run-engine';
import type { OrchestratorConfig } from '../orchestrator.config';

const SLACK_BYTES = 64 * 1024;

/** The JQ engine (worker pool) the run engine evaluates with; stopped on shutdown. */
@Injectable()
export class JqExpressions implements ExpressionEvaluator, OnApplicationShutdown {
  private readonly jq: JqEngine;

  constructor(@Inject('SERVICE_CONFIG') config: OrchestratorConfig) {
    this.jq = new JqEngine({
      timeoutMs: config.JQ_TIMEOUT_MS,
      // `variables` see the reported output twice (root and `.result`) next to the run's outputs.
      maxInputBytes: 2 * config.MAX_REPORTED_OUTPUT_BYTES + config.MAX_RUN_CONTEXT_BYTES + SLACK_BYTES,
      maxOutputBytes: config.MAX_REPORTED_OUTPUT_BYTES + SLACK_BYTES,
    });
  }

  evaluateFirst(expression: string, input: unknown): Promise<unknown> {
    return this.jq.evaluateFirst(expression, input);
  }

  renderTemplate(value: unknown, context: unknown): Promise<unknown> {
    return this.jq.renderTemplate(value, context);
  }

  onApplicationShutdown(): Promise<void> {
    return this.jq.close();
  }
}

export const runEngineProvider: Provider = {
  provide: RunEngine,
  inject: ['SERVICE_CONFIG', JqExpressions],
  useFactory: (config: OrchestratorConfig, expressions: JqExpressions) =>
    new RunEngine({
      expressions,
      limits: {
        maxNodeOutputBytes: config.MAX_NODE_OUTPUT_BYTES,
        maxReportedOutputBytes: config.MAX_REPORTED_OUTPUT_BYTES,
        maxRunContextBytes: config.MAX_RUN_CONTEXT_BYTES,
      },
      newNodeRunId: () => newId('workflowNodeRun'),
      defaultTimeoutSeconds: config.NODE_DEFAULT_TIMEOUT_SECONDS,
    }),
};
