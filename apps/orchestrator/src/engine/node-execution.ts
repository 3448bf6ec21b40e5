import type { ExecutorBackend } from '@flowline/contracts';
import type { NodeConfig } from '@flowline/workflow-schema';

/** How the orchestrator runs a node of each type. */
export type NodeExecution =
  | { kind: 'trigger' }
  /** Evaluated in the orchestrator, inline. */
  | { kind: 'condition' }
  /** Sent to the executor of a backend on its dispatch topic. */
  | { kind: 'dispatch'; backend: ExecutorBackend }
  /** Left in progress until approvers decide (or its timeout). */
  | { kind: 'input' }
  /** Left in progress for the pull worker of an installed integration (claim-pending / ack). */
  | { kind: 'claim' }
  /** Fails at once with this reason. */
  | { kind: 'unsupported'; reason: string };

export function nodeExecution(config: NodeConfig): NodeExecution {
  switch (config.type) {
    case 'SELF_SERVE_TRIGGER':
    case 'EVENT_TRIGGER':
      return { kind: 'trigger' };
    case 'CONDITION':
      return { kind: 'condition' };
    case 'INPUT':
      return { kind: 'input' };
    case 'WEBHOOK':
      return { kind: 'dispatch', backend: 'webhook' };
    case 'KAFKA':
      return { kind: 'dispatch', backend: 'kafka' };
    case 'UPSERT_ENTITY':
      return { kind: 'dispatch', backend: 'upsert-entity' };
    case 'GITHUB':
      return { kind: 'dispatch', backend: 'github' };
    case 'INTEGRATION_ACTION':
      return config.integrationProvider === 'GITHUB'
        ? { kind: 'dispatch', backend: 'github' }
        : { kind: 'claim' };
    case 'GITLAB':
    case 'AZURE_DEVOPS':
      return {
        kind: 'unsupported',
        reason: `${config.type} nodes are not supported yet: no executor runs them`,
      };
  }
}
