import { HttpStatus, Injectable } from '@nestjs/common';
import { newId, type RunActor } from '@flowline/contracts';
import { JqEngine } from '@flowline/jq';
import { type Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { validateUserInputs } from '@flowline/workflow-schema';
import { type IndexedWorkflow, type SelfServeTrigger } from '../../definitions/indexed-workflow';
import { WorkflowLookup } from '../../definitions/workflow-lookup';
import { WorkflowsClient } from '../../definitions/workflows.client';
import { type RunRequest, runRequested } from '../../run-requests/run-request';
import { SelfServeSubmissionEntity } from '../../run-requests/run-request.entities';
import { RunRequestRepository } from '../../run-requests/run-request.repository';
import { isIdempotencyKey, selfServeRunKey, submissionFingerprint } from '../../run-requests/run-keys';
import { type Caller, decideExecution, isAdmin } from '@flowline/execution-permissions';
import { PolicyEvaluator } from '../policies/policy-evaluator';
import { RunConfirmation } from '../run-confirmation';
import { SecretInputSealer } from '../secret-inputs';
import { selfServeTriggerOf } from '../self-serve-trigger';
import { type SubmittedRun } from '../submitted-run';
import { type RunSubmissionDto } from '../dto/run-submission.dto';

export interface SelfServeSubmission {
  principal: Principal;
  workflowIdentifier: string;
  body: RunSubmissionDto;
  /** The `Idempotency-Key` header, if sent. */
  idempotencyKey?: string;
  /** An action run (`POST /v1/actions/{id}/runs`): its trigger node's output is Port's trigger data. */
  action?: ActionSubmission;
}

export interface ActionSubmission {
  /** Where the inputs are in the request body (`properties`), for problem paths. */
  inputsPath: string;
  /** The trigger node's output, built from the validated inputs (secret ones sealed). */
  triggerOutput(inputs: Record<string, unknown>, runId: string, by: RunActor): Record<string, unknown>;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * `POST /v1/workflows/{id}/runs` (DESIGN.md §4.1): the latest version, the caller's permission, the inputs
 * validated and defaulted, then a run request written to the outbox in the same transaction as its
 * idempotency record, and (bounded) the orchestrator's confirmation that the run exists.
 */
@Injectable()
export class SubmitSelfServeRun {
  constructor(
    private readonly workflows: WorkflowLookup,
    private readonly workflowsService: WorkflowsClient,
    private readonly requests: RunRequestRepository,
    private readonly jq: JqEngine,
    private readonly confirmation: RunConfirmation,
    private readonly policies: PolicyEvaluator,
    private readonly secretInputs: SecretInputSealer,
  ) {}

  async execute(submission: SelfServeSubmission): Promise<SubmittedRun> {
    const { principal, body } = submission;
    const idempotencyKey = readIdempotencyKey(submission.idempotencyKey);
    const workflow = await this.workflows.latest(principal.orgId, submission.workflowIdentifier);
    if (!workflow) throw ApiError.notFound(`workflow "${submission.workflowIdentifier}"`);
    const trigger = selfServeTriggerOf(workflow, body.nodeIdentifier);
    const caller = callerOf(principal);
    const permissions = await this.permissionsOf(caller, workflow, trigger);
    const access = decideExecution(caller, permissions);
    if (access.outcome === 'denied') throw forbidden(workflow, trigger, access.reason);

    const submitted = body.inputs ?? {};
    const fingerprint = submissionFingerprint({
      actorId: caller.actorId,
      nodeIdentifier: trigger.nodeIdentifier,
      inputs: submitted,
    });
    if (idempotencyKey !== undefined) {
      const earlier = await this.requests.findSubmission(
        principal.orgId,
        workflow.identifier,
        idempotencyKey,
      );
      if (earlier) return this.replay(earlier, fingerprint);
    }

    const { inputs, problems } = await validateUserInputs(trigger.userInputs, submitted, {
      evaluateJq: (expression, input) => this.jq.evaluateFirst(expression, input),
      path: submission.action?.inputsPath,
      context: {
        by: { orgId: principal.orgId, userId: caller.actorId, user: { email: caller.email ?? null } },
      },
    });
    if (problems.length > 0) {
      const summary = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
      throw ApiError.invalid(`invalid inputs: ${summary}`, problems);
    }
    if (access.outcome !== 'allowed')
      await this.admitWithInputs(caller, permissions, workflow, trigger, inputs);
    const stored = await this.secretInputs.seal(principal.orgId, trigger.userInputs, inputs);

    const runId = newId('workflowRun');
    const request: RunRequest = {
      orgId: principal.orgId,
      runId,
      runKey: selfServeRunKey(principal.orgId, workflow.identifier, idempotencyKey, runId),
      workflow: workflow.snapshot,
      trigger: {
        kind: 'SELF_SERVE',
        nodeIdentifier: trigger.nodeIdentifier,
        by: actorOf(caller),
        output: submission.action?.triggerOutput(stored, runId, actorOf(caller)) ?? stored,
      },
      chainDepth: 0,
    };
    const earlier = await this.record(request, idempotencyKey, fingerprint);
    // A concurrent submission with the same key committed first: answer with its run.
    if (earlier) return this.replay(earlier, fingerprint);
    return {
      runId,
      workflow: { identifier: workflow.identifier, version: workflow.version },
      createdBy: caller.actorId,
      replayed: false,
      creation: await this.confirmation.waitForRun(principal.orgId, runId),
    };
  }

  /**
   * Writes the run request to the outbox, with its idempotency record when there is a key, in one
   * transaction. Returns the earlier submission instead when the key is already taken.
   */
  private record(
    request: RunRequest,
    idempotencyKey: string | undefined,
    fingerprint: string,
  ): Promise<SelfServeSubmissionEntity | undefined> {
    const now = new Date();
    return this.requests.transaction(async (tx) => {
      if (idempotencyKey !== undefined) {
        const taken = await tx.claimSubmission(
          Object.assign(new SelfServeSubmissionEntity(), {
            orgId: request.orgId,
            workflowIdentifier: request.workflow.identifier,
            idempotencyKey,
            runId: request.runId,
            runKey: request.runKey,
            requestFingerprint: fingerprint,
            workflowVersion: request.workflow.version,
            createdBy: request.trigger.by.actorId,
            createdAt: now,
          }),
        );
        if (taken) return taken;
      }
      await tx.publish([runRequested(request, now)]);
      return undefined;
    });
  }

  /** Where permissions live: the trigger's config, and (not needed for admins) the node's stored ones. */
  private async permissionsOf(caller: Caller, workflow: IndexedWorkflow, trigger: SelfServeTrigger) {
    if (isAdmin(caller)) return [];
    const stored = await this.workflowsService.nodePermissions(
      workflow.orgId,
      workflow.identifier,
      trigger.nodeIdentifier,
    );
    if (stored === undefined) throw ApiError.notFound(`workflow "${workflow.identifier}"`);
    return [trigger.permissions, stored];
  }

  /** Decides again with the validated inputs: form rules, then dynamic policies (catalog queries + JQ). */
  private async admitWithInputs(
    caller: Caller,
    permissions: Array<Record<string, unknown> | undefined>,
    workflow: IndexedWorkflow,
    trigger: SelfServeTrigger,
    inputs: Record<string, unknown>,
  ): Promise<void> {
    const decision = decideExecution(caller, permissions, inputs);
    if (decision.outcome === 'allowed') return;
    if (decision.outcome === 'needs-policy') {
      const verdict = await this.policies.admits(workflow.orgId, decision.policies, caller, inputs);
      if (verdict.admitted) return;
      throw forbidden(workflow, trigger, verdict.reason);
    }
    throw forbidden(workflow, trigger, decision.outcome === 'denied' ? decision.reason : undefined);
  }

  private async replay(earlier: SelfServeSubmissionEntity, fingerprint: string): Promise<SubmittedRun> {
    if (earlier.requestFingerprint !== fingerprint) {
      throw ApiError.conflict(
        `the Idempotency-Key "${earlier.idempotencyKey}" was already used for a different submission of workflow "${earlier.workflowIdentifier}"`,
      );
    }
    return {
      runId: earlier.runId,
      workflow: { identifier: earlier.workflowIdentifier, version: earlier.workflowVersion },
      createdBy: earlier.createdBy,
      replayed: true,
      creation: await this.confirmation.waitForRun(earlier.orgId, earlier.runId),
    };
  }
}

function readIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (isIdempotencyKey(header)) return header;
  const message = 'Idempotency-Key must be 1 to 96 visible ASCII characters';
  throw ApiError.invalid(message, [{ path: 'headers.Idempotency-Key', message }]);
}

function callerOf(principal: Principal): Caller {
  const email = principal.email ?? (EMAIL.test(principal.actorId) ? principal.actorId : undefined);
  return {
    actorId: principal.actorId,
    kind: principal.kind,
    roles: principal.roles,
    ...(email ? { email } : {}),
    ...(principal.teams ? { teams: principal.teams } : {}),
  };
}

function actorOf(caller: Caller): RunActor {
  return { actorId: caller.actorId, kind: caller.kind, ...(caller.email ? { email: caller.email } : {}) };
}

function forbidden(workflow: IndexedWorkflow, trigger: SelfServeTrigger, reason?: string): ApiError {
  const why = reason ? `: ${reason}` : '';
  return new ApiError(
    HttpStatus.FORBIDDEN,
    'forbidden',
    `you may not run the trigger "${trigger.nodeIdentifier}" of workflow "${workflow.identifier}"${why}`,
  );
}
