import { ApiError } from '@flowline/nest-service';
import { type IndexedWorkflow, type SelfServeTrigger } from '../definitions/indexed-workflow';

/** The SELF_SERVE_TRIGGER to run: the one named, or the workflow's first. */
export function selfServeTriggerOf(workflow: IndexedWorkflow, nodeIdentifier?: string): SelfServeTrigger {
  const trigger =
    nodeIdentifier === undefined
      ? workflow.selfServeTriggers[0]
      : workflow.selfServeTriggers.find((candidate) => candidate.nodeIdentifier === nodeIdentifier);
  if (!trigger) {
    const message =
      workflow.snapshot.nodes.length === 0
        ? `workflow "${workflow.identifier}" is a draft (it has no nodes): it cannot be run`
        : nodeIdentifier === undefined
          ? `workflow "${workflow.identifier}" has no SELF_SERVE_TRIGGER node: it cannot be run by hand`
          : `workflow "${workflow.identifier}" has no SELF_SERVE_TRIGGER node "${nodeIdentifier}"`;
    throw ApiError.invalid(message, [
      { path: nodeIdentifier === undefined ? '' : 'nodeIdentifier', message },
    ]);
  }
  if (!trigger.published) {
    const message = `the trigger "${trigger.nodeIdentifier}" of workflow "${workflow.identifier}" is not published`;
    throw ApiError.invalid(message, [{ path: 'nodeIdentifier', message }]);
  }
  return trigger;
}
