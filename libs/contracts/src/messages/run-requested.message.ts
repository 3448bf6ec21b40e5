import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { EnvelopeMessage } from '../envelope';
import { WorkflowDefinitionSnapshot } from './definition-changed.message';

export const RUN_REQUESTED_MESSAGE_TYPE = 'WORKFLOW_RUN_REQUESTED';

export const TriggerKinds = ['SELF_SERVE', 'EVENT'] as const;
export type TriggerKind = (typeof TriggerKinds)[number];

/** Who or what started the run (the template context's `.workflowRun.trigger.by`). */
export class RunActor {
  @IsString() @IsNotEmpty() @MaxLength(200) actorId!: string;
  @IsIn(['user', 'machine', 'service', 'automation']) kind!: 'user' | 'machine' | 'service' | 'automation';
  @IsOptional() @IsString() @MaxLength(320) email?: string;
}

export class RunTrigger {
  @IsIn(TriggerKinds) kind!: TriggerKind;
  /** The trigger node that fired. */
  @IsString() @IsNotEmpty() @MaxLength(60) nodeIdentifier!: string;
  @IsDefined()
  @ValidateNested()
  @Type(() => RunActor)
  by!: RunActor;
  /** The trigger node run's output: validated, defaulted inputs (self-service) or the event (event trigger). */
  @IsObject() output!: Record<string, unknown>;
}

/**
 * Triggers → orchestrator (DESIGN.md §4.1–4.2): start a run of a pinned workflow version. `runKey` makes
 * the request idempotent (client idempotency key, or event id + workflow): the orchestrator starts at most
 * one run per key, and `runId` is chosen by the trigger so the caller can be answered before the run exists.
 */
export class RunRequestedMessage extends EnvelopeMessage {
  @Matches(/^wfr_[A-Za-z0-9]{16}$/) runId!: string;
  @IsString() @IsNotEmpty() @MaxLength(300) runKey!: string;
  @IsDefined()
  @ValidateNested()
  @Type(() => WorkflowDefinitionSnapshot)
  workflow!: WorkflowDefinitionSnapshot;
  @IsDefined()
  @ValidateNested()
  @Type(() => RunTrigger)
  trigger!: RunTrigger;
  /** How many workflow-made entity changes led here; a configurable limit stops endless self-triggering. */
  @IsInt() @Min(0) chainDepth!: number;
}
