import {
  LogLevels,
  type LogLevel,
  NodeRunStatuses,
  type NodeRunStatus,
  RunResults,
  type RunResult,
} from '@flowline/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class NodeRunLogDto {
  @ApiProperty({ enum: LogLevels })
  @IsIn(LogLevels)
  logLevel!: LogLevel;

  @ApiPropertyOptional({ default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  log?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  tags?: Record<string, string>;
}

/** `PATCH /v1/workflows/nodes/runs/{id}` (reference §9.4). */
export class PatchNodeRunDto {
  @ApiPropertyOptional({ enum: NodeRunStatuses })
  @IsOptional()
  @IsIn(NodeRunStatuses)
  status?: NodeRunStatus;

  /** Required with `status: COMPLETED`. */
  @ApiPropertyOptional({ enum: RunResults })
  @ValidateIf((body: PatchNodeRunDto) => body.status === 'COMPLETED' || body.result !== undefined)
  @IsIn(RunResults, {
    message: 'result must be one of SUCCESS, FAILED, CANCELLED (it is required with status COMPLETED)',
  })
  result?: RunResult;

  /** Passes through the node's `variables` before it is stored. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  output?: Record<string, unknown>;

  /** Appended to the node run's logs. */
  @ApiPropertyOptional({ type: [NodeRunLogDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => NodeRunLogDto)
  logs?: NodeRunLogDto[];

  /** [O] The external system's id for this work (e.g. a GitHub run id). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  externalRunId?: string;

  /** [O] Links shown on the node run. */
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  links?: string[];
}
