import { NodeRunStatuses, type NodeRunStatus, RunResults, type RunResult } from '@flowline/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, type TransformFnParams } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

const MAX_FILTER_VALUES = 1000;

/**
 * A list filter given as `x[]=a&x[]=b`, `x=a&x=b`, `x=a` or `x[0]=a`: with the extended query parser
 * (http/query-parsing.ts) these all arrive as an array, except a single value.
 */
function toList({ value }: TransformFnParams): unknown {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.values(value);
  return [value];
}

function toIntList(params: TransformFnParams): unknown {
  const list = toList(params);
  return Array.isArray(list)
    ? list.map((item) => (typeof item === 'string' && /^\d+$/.test(item) ? Number(item) : item))
    : list;
}

const toInt = ({ value }: TransformFnParams) =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

/** `limit` and `offset` of the run lists (workflow runs and action runs). */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  offset?: number;
}

/** `GET /v1/workflows/runs` filters (reference §10). */
export class ListRunsQuery extends PageQuery {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsString({ each: true })
  workflowRunIdentifiers?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsString({ each: true })
  workflowIdentifiers?: string[];

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @Transform(toIntList)
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsInt({ each: true })
  @Min(1, { each: true })
  workflowVersions?: number[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  createdBy?: string;

  @ApiPropertyOptional({ enum: NodeRunStatuses, isArray: true })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @IsIn(NodeRunStatuses, { each: true })
  statuses?: NodeRunStatus[];

  @ApiPropertyOptional({ enum: RunResults, isArray: true })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @IsIn(RunResults, { each: true })
  results?: RunResult[];
}
