import { type RunCreation } from './run-confirmation';
import { type RunSnapshot } from './run-snapshot';

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

/**
 * The `workflowRun` of the answer, in the run's API shape (reference §9.1): the orchestrator's view of
 * the run when it could be read (`snapshot`), else what this service knows, with `nodeRuns: []`,
 * `variables.outputs: null` and the answer's time as `createdAt`/`updatedAt`.
 */
export function toSubmittedRunView(run: SubmittedRun, snapshot?: RunSnapshot, now: Date = new Date()) {
  const { creation } = run;
  const known = {
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
    nodeRuns: [] as unknown[],
    variables: { outputs: null } as RunSnapshot['variables'],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    completedAt: null as string | null,
  };
  if (!snapshot) return known;
  return { ...snapshot, ...pick(known, ['identifier', 'workflow', 'workflowVersionId', 'createdBy']) };
}

function pick<T extends object, K extends keyof T>(value: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>;
}
