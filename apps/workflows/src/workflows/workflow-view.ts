import { type WorkflowDefinitionSnapshot } from '@flowline/contracts';
import { toPortForm } from './port-form';
import { withoutServerFields } from './workflow-definition';
import { type WorkflowEntity, type WorkflowVersionEntity } from './workflow.entity';

/** A workflow as stored: its head row and one of its versions (the latest, unless asked otherwise). */
export interface StoredWorkflow {
  head: Pick<
    WorkflowEntity,
    'orgId' | 'identifier' | 'isDeleted' | 'deletedAt' | 'deletedBy' | 'createdBy' | 'createdAt'
  >;
  version: Pick<WorkflowVersionEntity, 'version' | 'definition' | 'submitted' | 'createdBy' | 'createdAt'>;
}

/**
 * `port` (default): the full normalised form in the API's shapes (see toPortForm), whatever aliases the
 * client saved it with. `canonical`: normalizeWorkflow's spelling, as the rest of Flowline reads it.
 */
export type WorkflowForm = 'port' | 'canonical';

/** The fields the server adds on read (reference §2); a version's author and time are its `updated*`. */
export function serverFields(stored: StoredWorkflow) {
  return {
    orgId: stored.head.orgId,
    version: stored.version.version,
    createdBy: stored.head.createdBy,
    updatedBy: stored.version.createdBy,
    createdAt: stored.head.createdAt.toISOString(),
    updatedAt: stored.version.createdAt.toISOString(),
  };
}

/** The workflow as the API answers with it: the definition, the server fields, and soft-delete state. */
export function toWorkflowView(stored: StoredWorkflow, form: WorkflowForm = 'port'): Record<string, unknown> {
  const canonical = stored.version.definition;
  const body = form === 'canonical' ? canonical : toPortForm(canonical);
  const { head } = stored;
  return {
    ...withoutServerFields(body),
    ...serverFields(stored),
    isDeleted: head.isDeleted,
    ...(head.isDeleted
      ? { deletedAt: head.deletedAt?.toISOString() ?? null, deletedBy: head.deletedBy }
      : {}),
  };
}

/** What `Topics.definitionChanged` carries: the canonical definition plus the server fields. */
export function toDefinitionSnapshot(stored: StoredWorkflow): WorkflowDefinitionSnapshot {
  return {
    ...withoutServerFields(stored.version.definition),
    ...serverFields(stored),
  } as WorkflowDefinitionSnapshot;
}

/** One node of a workflow view, in the same spelling as the view. */
export function findNode(
  view: Record<string, unknown>,
  nodeIdentifier: string,
): Record<string, unknown> | undefined {
  const nodes = Array.isArray(view['nodes']) ? (view['nodes'] as unknown[]) : [];
  return nodes.find(
    (node): node is Record<string, unknown> =>
      typeof node === 'object' &&
      node !== null &&
      (node as { identifier?: unknown }).identifier === nodeIdentifier,
  );
}

export interface VersionSummary {
  identifier: string;
  version: number;
  /** Who saved this version, and when. */
  createdBy: string;
  createdAt: string;
}

export function toVersionSummary(
  version: Pick<WorkflowVersionEntity, 'workflowIdentifier' | 'version' | 'createdBy' | 'createdAt'>,
): VersionSummary {
  return {
    identifier: version.workflowIdentifier,
    version: version.version,
    createdBy: version.createdBy,
    createdAt: version.createdAt.toISOString(),
  };
}
