import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Min } from 'class-validator';
import { EnvelopeMessage } from '../envelope';
import { NodeRunStatuses, type NodeRunStatus, RunResults, type RunResult } from './node-completed.message';

export const RUN_EVENT_MESSAGE_TYPES = ['WORKFLOW_RUN_STATUS_CHANGED', 'NODE_RUN_STATUS_CHANGED'] as const;
export type RunEventType = (typeof RUN_EVENT_MESSAGE_TYPES)[number];

/**
 * Kafka header on the run status event of the transition that created the run (value `"1"`): a consumer
 * that only cares about new runs (the submitter waiting to answer its 201) skips every other event
 * without parsing it.
 */
export const RUN_CREATED_HEADER = 'x-flowline-run-created';
/** Kafka header with the event's `type`, so consumers can filter before parsing. */
export const RUN_EVENT_TYPE_HEADER = 'x-flowline-event-type';

/** Orchestrator → anyone: every status change of a run or node run, on `Topics.runEvents`, keyed by run id. */
export class RunEventMessage extends EnvelopeMessage {
  @IsIn(RUN_EVENT_MESSAGE_TYPES) declare type: RunEventType;
  @Matches(/^wfr_[A-Za-z0-9]{16}$/) runId!: string;
  @IsString() workflowIdentifier!: string;
  @IsInt() @Min(1) workflowVersion!: number;
  @IsOptional() @Matches(/^wfnr_[A-Za-z0-9]{16}$/) nodeRunId?: string;
  @IsOptional() @IsString() nodeIdentifier?: string;
  @IsIn(NodeRunStatuses) status!: NodeRunStatus;
  @IsOptional() @IsIn(RunResults) result?: RunResult | null;
  /**
   * Only on the run status event of the transition that created the run: the run as
   * `GET /v1/workflows/runs/{id}` shows it then (left off when large), so a submitter can answer at once.
   */
  @IsOptional() @IsObject() run?: Record<string, unknown>;
}
