import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { EnvelopeMessage } from '../envelope';

export const NODE_COMPLETED_MESSAGE_TYPE = 'NODE_RESULT_REPORTED';

export const NodeRunStatuses = ['IN_PROGRESS', 'COMPLETED'] as const;
export type NodeRunStatus = (typeof NodeRunStatuses)[number];
export const RunResults = ['SUCCESS', 'FAILED', 'CANCELLED'] as const;
export type RunResult = (typeof RunResults)[number];
export const LogLevels = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LogLevels)[number];

/** A node run log line in the reference's shape (§9.2). */
export class NodeRunLog {
  @IsIn(LogLevels) logLevel!: LogLevel;
  @IsString() @MaxLength(10_000) log!: string;
  @IsOptional() @IsObject() tags?: Record<string, string>;
}

/** Why an attempt failed, and whether another attempt may succeed (network, timeout, 429, 5xx). */
export class NodeFailure {
  @IsString() @MaxLength(100) code!: string;
  @IsString() @MaxLength(10_000) message!: string;
  @IsBoolean() retryable!: boolean;
}

/**
 * Executor → orchestrator: the raw outcome of one attempt. `IN_PROGRESS` means the side effect was made
 * and an external system will report (async webhook, GitHub run); `COMPLETED` carries the result. The
 * orchestrator applies the node's `variables` to `output`.
 */
export class NodeCompletedMessage extends EnvelopeMessage {
  @Matches(/^wfr_[A-Za-z0-9]{16}$/) runId!: string;
  @Matches(/^wfnr_[A-Za-z0-9]{16}$/) nodeRunId!: string;
  @IsInt() @Min(1) attempt!: number;
  @IsIn(NodeRunStatuses) status!: NodeRunStatus;
  @IsOptional() @IsIn(RunResults) result?: RunResult;
  @IsOptional() @IsObject() output?: Record<string, unknown>;
  @IsArray() @ValidateNested({ each: true }) @Type(() => NodeRunLog) logs!: NodeRunLog[];
  @IsOptional() @ValidateNested() @Type(() => NodeFailure) failure?: NodeFailure;
}
