import { type Caller, decideExecution, isAdmin } from '@flowline/execution-permissions';
import { type StoredWorkflow } from './workflow-view';

/** Stored node permissions of an org, by `<workflow>/<node>`. */
export type StoredNodePermissions = ReadonlyMap<string, Record<string, unknown>>;

export const nodeKey = (workflow: string, node: string) => `${workflow}/${node}`;

/**
 * `GET /v1/workflows` for one caller (reference §10, [E]): self-service workflows the caller cannot
 * execute are left out. A workflow stays when one of its SELF_SERVE_TRIGGER nodes may let the caller in:
 * by role, user or team, or by form rules or a dynamic policy (those are decided with the inputs, at run
 * time). Workflows without a self-service trigger, and every workflow for admins, stay.
 */
export function executableBy(
  caller: Caller,
  workflows: StoredWorkflow[],
  stored: StoredNodePermissions,
): StoredWorkflow[] {
  if (isAdmin(caller)) return workflows;
  return workflows.filter((workflow) => {
    const triggers = selfServeTriggersOf(workflow.version.definition);
    if (triggers.length === 0) return true;
    return triggers.some(
      (trigger) =>
        decideExecution(caller, [
          trigger.permissions,
          stored.get(nodeKey(workflow.head.identifier, trigger.identifier)),
        ]).outcome !== 'denied',
    );
  });
}

function selfServeTriggersOf(
  definition: Record<string, unknown>,
): Array<{ identifier: string; permissions?: Record<string, unknown> }> {
  const nodes = Array.isArray(definition['nodes']) ? (definition['nodes'] as unknown[]) : [];
  return nodes.flatMap((node) => {
    const { identifier, config } = (node ?? {}) as { identifier?: unknown; config?: Record<string, unknown> };
    if (typeof identifier !== 'string' || config?.['type'] !== 'SELF_SERVE_TRIGGER') return [];
    const permissions = config['permissions'];
    const isObject = permissions !== null && typeof permissions === 'object' && !Array.isArray(permissions);
    return [{ identifier, ...(isObject ? { permissions: permissions as Record<string, unknown> } : {}) }];
  });
}
