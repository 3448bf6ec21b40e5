import { type RunCreation } from './run-confirmation';

/** A self-service submission's run, as far as this service knows it. */
export interface SubmittedRun {
  runId: string;
  workflow: { identifier: string; version: number };
  createdBy: string;
  /** The Idempotency-Key matched an earlier submission: this is that submission's run. */
  replayed: boolean;
  creation: RunCreation;
}

/** 201 once the run exists (or when not waiting for it); 202 when the orchestrator has not confirmed it yet. */
export function httpStatusOf(run: SubmittedRun): 201 | 202 {
  return run.creation.state === 'pending' ? 202 : 201;
}

/** The `workflowRun` of the answer, in the run's API shape (reference §9.1) as far as it is known. */
export function toSubmittedRunView(run: SubmittedRun) {
  const { creation } = run;
  return {
    identifier: run.runId,
    status:
      creation.state === 'pending'
        ? 'PENDING'
        : creation.state === 'confirmed'
          ? creation.status
          : 'IN_PROGRESS',
    result: creation.state === 'confirmed' ? creation.result : null,
    workflow: run.workflow,
    workflowVersionId: run.workflow.version,
    createdBy: run.createdBy,
  };
}
