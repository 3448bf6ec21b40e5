import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Min } from 'class-validator';
import { EnvelopeMessage } from '../envelope';
import { NodeRunStatuses, type NodeRunStatus, RunResults, type RunResult } from './node-completed.message';

export const RUN_EVENT_MESSAGE_TYPES = ['WORKFLOW_RUN_STATUS_CHANGED', 'NODE_RUN_STATUS_CHANGED'] as const;
export type RunEventType = (typeof RUN_EVENT_MESSAGE_TYPES)[number];

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
