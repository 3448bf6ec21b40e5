/**
 * An action run `r_<X>` is the workflow run `wfr_<X>` (same 16-character suffix); undefined when the id
 * is not an action run's.
 */
export function workflowRunIdOfActionRun(actionRunId: string): string | undefined {
  return /^r_[A-Za-z0-9]{16}$/.test(actionRunId) ? `wfr_${actionRunId.slice('r_'.length)}` : undefined;
}
