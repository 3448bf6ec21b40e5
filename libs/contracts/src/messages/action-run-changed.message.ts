import { Type } from 'class-transformer';
import {
  Equals,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { EnvelopeMessage } from '../envelope';

/**
 * An action run's status or fields changed (Port's run event: `resourceType: "run"`, the run before and
 * after in `diff`): published by the orchestrator on `Topics.actionRunChanged` keyed by run, matched by
 * the triggers service against RUN_* automations on the action.
 */
export const ACTION_RUN_CHANGED_MESSAGE_TYPE = 'ACTION_RUN_CHANGED';

export const ACTION_RUN_CHANGES = ['CREATE', 'UPDATE'] as const;
export type ActionRunChange = (typeof ACTION_RUN_CHANGES)[number];

export class ActionRunChangeContext {
  @IsString() @IsNotEmpty() actionIdentifier!: string;
  @Matches(/^r_[A-Za-z0-9]{16}$/) runId!: string;
}

export class ActionRunDiff {
  @IsOptional() @IsObject() before!: Record<string, unknown> | null;
  @IsObject() after!: Record<string, unknown>;
}

export class ActionRunChangedMessage extends EnvelopeMessage {
  @IsIn(ACTION_RUN_CHANGES) action!: ActionRunChange;
  @Equals('run') resourceType!: 'run';
  /** Who changed it: `{ by: { orgId, userId }, origin, at }`. */
  @IsObject() trigger!: { by: Record<string, unknown>; origin: string; at: string };
  @ValidateNested() @Type(() => ActionRunChangeContext) @IsObject() context!: ActionRunChangeContext;
  @ValidateNested() @Type(() => ActionRunDiff) @IsObject() diff!: ActionRunDiff;
  /** The chain depth of the changed run, so automations on runs cannot loop forever. */
  @IsOptional() @IsInt() @Min(0) chainDepth?: number;
}

export type ActionRunChangedPayload = Omit<ActionRunChangedMessage, 'id' | 'type' | 'occurredAt' | 'orgId'>;
