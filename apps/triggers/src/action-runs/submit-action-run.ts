import { Injectable } from '@nestjs/common';
import { actionRunIdOf, actionWorkflowIdentifier, type RunActor } from '@flowline/contracts';
import { type Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { isAdmin } from '@flowline/execution-permissions';
import { CatalogSearchClient } from '../self-serve-runs/policies/catalog-search.client';
import { type SubmittedRun } from '../self-serve-runs/submitted-run';
import { SubmitSelfServeRun } from '../self-serve-runs/use-cases/submit-self-serve-run';
import { ActionsClient, type StoredAction } from './actions.client';
import { type ActionRunSubmissionDto } from './dto/action-run-submission.dto';

export interface ActionRunRequest {
  principal: Principal;
  actionIdentifier: string;
  body: ActionRunSubmissionDto;
  runAs?: string;
  idempotencyKey?: string;
}

/**
 * `POST /v1/actions/{id}/runs`: a self-service action runs as its workflow (`action:<id>`) through the
 * same submission as any self-service trigger (permissions, inputs, idempotency, outbox), with Port's
 * trigger data (`inputs, trigger, entity, action, run`) as the trigger node's output.
 */
@Injectable()
export class SubmitActionRun {
  constructor(
    private readonly actions: ActionsClient,
    private readonly catalog: CatalogSearchClient,
    private readonly submit: SubmitSelfServeRun,
  ) {}

  async execute(request: ActionRunRequest): Promise<SubmittedRun> {
    const { body } = request;
    const principal = runningAs(request.principal, request.runAs);
    const action = await this.actions.action(principal.orgId, request.actionIdentifier);
    if (!action) throw ApiError.notFound(`action "${request.actionIdentifier}"`);
    if (action.trigger.type !== 'self-service') {
      const message = `action "${action.identifier}" is an automation: it runs on its events, not on request`;
      throw ApiError.invalid(message, [{ path: 'trigger', message }]);
    }
    const entity = await this.entityOf(principal.orgId, action, body.entity);
    const at = new Date().toISOString();
    return this.submit.execute({
      principal,
      workflowIdentifier: actionWorkflowIdentifier(action.identifier),
      body: { inputs: body.properties ?? {} },
      idempotencyKey: request.idempotencyKey,
      action: {
        inputsPath: 'properties',
        triggerOutput: (inputs, runId, by) => ({
          inputs,
          trigger: {
            by: portActor(principal.orgId, by),
            origin: 'API',
            at,
            operation: action.trigger.operation,
          },
          event: null,
          entity: entity ?? null,
          action: {
            identifier: action.identifier,
            title: action.title ?? null,
            blueprint: action.trigger.blueprintIdentifier ?? null,
            encryptedProperties: [],
          },
          run: { id: actionRunIdOf(runId) },
        }),
      },
    });
  }

  /** DAY-2 and DELETE act on an entity of the action's blueprint, read from the catalog. */
  private async entityOf(
    orgId: string,
    action: StoredAction,
    identifier: string | undefined,
  ): Promise<Record<string, unknown> | undefined> {
    const blueprint = action.trigger.blueprintIdentifier;
    if (identifier === undefined) {
      if (action.trigger.operation === 'CREATE') return undefined;
      const message = `a ${String(action.trigger.operation)} action needs the entity it acts on`;
      throw ApiError.invalid(message, [{ path: 'entity', message }]);
    }
    if (!blueprint) return undefined;
    const [found] = await this.catalog.search(orgId, blueprint, {
      combinator: 'and',
      rules: [{ property: '$identifier', operator: '=', value: identifier }],
    });
    if (found === undefined) {
      const message = `no entity "${identifier}" of blueprint "${blueprint}"`;
      throw ApiError.invalid(message, [{ path: 'entity', message }]);
    }
    return found as Record<string, unknown>;
  }
}

/** `?run_as=<email>`: a trusted caller (an admin client) runs the action on a user's behalf. */
function runningAs(principal: Principal, runAs: string | undefined): Principal {
  if (runAs === undefined) return principal;
  if (!isAdmin(principal))
    throw new ApiError(403, 'forbidden', 'only trusted callers (admins) may run an action as another user');
  return { orgId: principal.orgId, actorId: runAs, email: runAs, kind: 'user', roles: ['member'] };
}

function portActor(orgId: string, by: RunActor) {
  return { orgId, userId: by.actorId, user: { email: by.email ?? null, id: by.actorId } };
}
