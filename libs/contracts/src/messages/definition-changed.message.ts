import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { EnvelopeMessage } from '../envelope';

/**
 * A workflow was created or changed (DESIGN.md §2): published by the workflows service on the compacted
 * `Topics.definitionChanged`, keyed `orgId/workflowIdentifier` (see `definitionChangedKey`), carrying the
 * latest version. A deleted workflow is a tombstone (null value) under the same key, so the topic always
 * holds the live definitions; the triggers service builds its in-memory trigger index from it.
 */
export const DEFINITION_CHANGED_MESSAGE_TYPE = 'WORKFLOW_DEFINITION_CHANGED';

/** The partition and compaction key: all versions of one workflow, latest wins. */
export function definitionChangedKey(orgId: string, workflowIdentifier: string): string {
  return `${orgId}/${workflowIdentifier}`;
}

/**
 * The latest version of a workflow: its canonical definition (`@flowline/workflow-schema`'s `Workflow`,
 * after normalisation, already validated when it was saved) plus the fields the server adds. Only the
 * envelope of the definition is checked here; a consumer that needs typed nodes validates them with
 * `@flowline/workflow-schema`.
 */
export class WorkflowDefinitionSnapshot {
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  identifier!: string;

  @IsArray()
  @IsObject({ each: true })
  nodes!: Array<Record<string, unknown>>;

  @IsArray()
  @IsObject({ each: true })
  connections!: Array<Record<string, unknown>>;

  @IsString()
  @IsNotEmpty()
  orgId!: string;

  @IsInt()
  @Min(1)
  version!: number;

  @IsString()
  createdBy!: string;

  @IsString()
  updatedBy!: string;

  @IsISO8601({ strict: true })
  createdAt!: string;

  @IsISO8601({ strict: true })
  updatedAt!: string;

  /** title, icon, description, allowAnyoneToViewRuns, category… as the canonical form has them. */
  [field: string]: unknown;
}

export class DefinitionChangedMessage extends EnvelopeMessage {
  @ValidateNested()
  @Type(() => WorkflowDefinitionSnapshot)
  @IsObject()
  workflow!: WorkflowDefinitionSnapshot;
}

// `type` is EnvelopeMessage's field; redeclaring it to decorate it would shadow the base's, so the
// narrowing decorator is applied to the inherited property instead.
IsIn([DEFINITION_CHANGED_MESSAGE_TYPE])(DefinitionChangedMessage.prototype, 'type');

/** The payload fields of a DefinitionChangedMessage (everything but the envelope). */
export type DefinitionChangedPayload = Pick<DefinitionChangedMessage, 'workflow'>;
