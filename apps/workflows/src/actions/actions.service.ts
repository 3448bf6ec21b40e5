import { Injectable } from '@nestjs/common';
import { actionWorkflowIdentifier } from '@flowline/contracts';
import { type Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { isNodeType, type Problem } from '@flowline/workflow-schema';
import { NodePermissionsRepository } from '../node-permissions/node-permissions.repository';
import { WorkflowsService } from '../workflows/workflows.service';
import { type ActionDefinition, checkActionShape } from './action-definition';
import { ActionEntity, type ActionPermissions } from './action.entity';
import { actionPathOf, actionWorkflowOf, requiresApproval } from './action-graph';
import { ActionRepository } from './action.repository';
import { toActionView } from './action-view';

/** Whether this build's engine has the approval step (the INPUT node). */
const ENGINE_HAS_APPROVALS = isNodeType('INPUT');

/**
 * Actions and automations: Port's v2 JSON stored as written, and run as the two-node workflow
 * `action:<identifier>` (trigger → backend), versioned by the workflows service like any workflow.
 * Execute permissions are the workflow trigger's stored node permissions, so the triggers service
 * enforces them as for any self-service trigger.
 */
@Injectable()
export class ActionsService {
  constructor(
    private readonly actions: ActionRepository,
    private readonly workflows: WorkflowsService,
    private readonly nodePermissions: NodePermissionsRepository,
  ) {}

  async create(principal: Principal, body: unknown) {
    const action = readAction(body);
    if (await this.actions.find(principal.orgId, action.identifier))
      throw ApiError.conflict(`an action with identifier "${action.identifier}" already exists`);
    const permissions: ActionPermissions = { execute: {}, approve: {} };
    await this.saveWorkflow(principal, action, permissions, 'create');
    const now = new Date();
    const row = Object.assign(new ActionEntity(), {
      orgId: principal.orgId,
      identifier: action.identifier,
      definition: action,
      permissions,
      createdBy: principal.actorId,
      createdAt: now,
      updatedBy: principal.actorId,
      updatedAt: now,
    });
    await this.actions.save(row);
    return toActionView(row);
  }

  async update(principal: Principal, identifier: string, body: unknown) {
    const row = await this.stored(principal, identifier);
    const action = readAction(body, identifier);
    await this.saveWorkflow(principal, action, row.permissions, 'update');
    Object.assign(row, { definition: action, updatedBy: principal.actorId, updatedAt: new Date() });
    await this.actions.save(row);
    return toActionView(row);
  }

  async remove(principal: Principal, identifier: string): Promise<void> {
    await this.stored(principal, identifier);
    await this.workflows.remove(principal, actionWorkflowIdentifier(identifier)).catch(ignoreNotFound);
    await this.actions.remove(principal.orgId, identifier);
  }

  async get(principal: Principal, identifier: string) {
    return toActionView(await this.stored(principal, identifier));
  }

  async list(principal: Principal) {
    return (await this.actions.list(principal.orgId)).map(toActionView);
  }

  async permissions(principal: Principal, identifier: string): Promise<ActionPermissions> {
    return (await this.stored(principal, identifier)).permissions;
  }

  /** Each of `execute` and `approve` given replaces the stored one. */
  async patchPermissions(principal: Principal, identifier: string, patch: Partial<ActionPermissions>) {
    const row = await this.stored(principal, identifier);
    const permissions = { ...row.permissions, ...patch };
    const action = row.definition as ActionDefinition;
    // Approvers live in the approval step's definition: a change of approvers is a new version.
    if (patch.approve && requiresApproval(action) && ENGINE_HAS_APPROVALS)
      await this.saveWorkflow(principal, action, permissions, 'update');
    else await this.storeExecutePermissions(principal, action, permissions);
    Object.assign(row, { permissions, updatedBy: principal.actorId, updatedAt: new Date() });
    await this.actions.save(row);
    return permissions;
  }

  private async stored(principal: Principal, identifier: string): Promise<ActionEntity> {
    const row = await this.actions.find(principal.orgId, identifier);
    if (!row) throw ApiError.notFound(`action "${identifier}"`);
    return row;
  }

  private async saveWorkflow(
    principal: Principal,
    action: ActionDefinition,
    permissions: ActionPermissions,
    mode: 'create' | 'update',
  ): Promise<void> {
    if (requiresApproval(action) && !ENGINE_HAS_APPROVALS) {
      const message = 'requiredApproval needs the approval step, which this installation does not have yet';
      throw ApiError.invalid(message, [{ path: 'requiredApproval', message }]);
    }
    const graph = actionWorkflowOf(action, {
      approvals: ENGINE_HAS_APPROVALS,
      approvers: permissions.approve as { users?: string[]; roles?: string[]; teams?: string[] },
    });
    const workflowId = actionWorkflowIdentifier(action.identifier);
    try {
      if (mode === 'update') await this.workflows.update(principal, workflowId, graph);
      else {
        // A deleted action's workflow is soft-deleted: creating it again makes its next version.
        await this.workflows.create(principal, graph);
      }
    } catch (error) {
      throw inActionTerms(error);
    }
    await this.storeExecutePermissions(principal, action, permissions);
  }

  private async storeExecutePermissions(
    principal: Principal,
    action: ActionDefinition,
    permissions: ActionPermissions,
  ): Promise<void> {
    if (action.trigger.type !== 'self-service') return;
    const node = {
      orgId: principal.orgId,
      workflowIdentifier: actionWorkflowIdentifier(action.identifier),
      nodeIdentifier: 'trigger',
    };
    await this.nodePermissions.replace(node, permissions.execute ?? {}, principal.actorId);
  }
}

function readAction(body: unknown, pathIdentifier?: string): ActionDefinition {
  if (typeof body === 'object' && body !== null && pathIdentifier !== undefined) {
    const record = body as Record<string, unknown>;
    if (record['identifier'] === undefined) record['identifier'] = pathIdentifier;
  }
  const problems = checkActionShape(body, pathIdentifier);
  if (problems.length > 0) throw invalid(problems);
  const {
    createdAt: _c,
    createdBy: _cb,
    updatedAt: _u,
    updatedBy: _ub,
    ...action
  } = body as Record<string, unknown>;
  return action as ActionDefinition;
}

function invalid(problems: Array<Pick<Problem, 'path' | 'message'>>): ApiError {
  const summary = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  return ApiError.invalid(`invalid action: ${summary}`, problems);
}

/** The graph's problems at the action's paths (`nodes[1].config.url` is `invocationMethod.url`). */
function inActionTerms(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.getStatus() !== 422 || !Array.isArray(error.details))
    return error;
  const problems = (error.details as Problem[]).map((p) => ({ ...p, path: actionPathOf(p.path) }));
  return invalid(problems);
}

function ignoreNotFound(error: unknown): void {
  if (error instanceof ApiError && error.getStatus() === 404) return;
  throw error;
}
