import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, type TransformFnParams } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { ActionRunStatuses } from '@flowline/contracts';
import { PageQuery } from '../../runs/dto/list-runs.query';

const toInt = ({ value }: TransformFnParams) =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

const ENDING_STATUSES = ['SUCCESS', 'FAILURE'] as const;
export type EndingStatus = (typeof ENDING_STATUSES)[number];

/** Port's `link`: one URL or a list of them. */
function IsLink(): PropertyDecorator {
  const isText = (item: unknown) => typeof item === 'string' && item.length <= 2000;
  return ValidateBy({
    name: 'isLink',
    validator: {
      validate: (value: unknown) =>
        isText(value) || (Array.isArray(value) && value.length <= 20 && value.every(isText)),
      defaultMessage: () => 'link must be a string or an array of at most 20 strings',
    },
  });
}

/** `PATCH /v1/actions/runs/{id}`: each key given overwrites the old value; `status` ends the run. */
export class PatchActionRunDto {
  @ApiPropertyOptional({ enum: ENDING_STATUSES })
  @IsOptional()
  @IsIn(ENDING_STATUSES)
  status?: EndingStatus;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) statusLabel?: string;

  @ApiPropertyOptional({ description: 'A URL or a list of URLs' }) @IsOptional() @IsLink() link?:
    string | string[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) summary?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500) externalRunId?: string;
}

/** `POST /v1/actions/runs/{id}/logs`: a line; `terminationStatus` ends the run, once. */
export class AppendActionRunLogDto {
  @ApiPropertyOptional() @IsString() @MaxLength(10_000) message!: string;

  @ApiPropertyOptional({ enum: ENDING_STATUSES })
  @IsOptional()
  @IsIn(ENDING_STATUSES)
  terminationStatus?: EndingStatus;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) statusLabel?: string;
}

export class ActionRunLogsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  offset?: number;
}

/** `GET /v1/actions/runs` filters. */
export class ListActionRunsQuery extends PageQuery {
  @ApiPropertyOptional({ description: "An action's identifier" })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  action?: string;

  @ApiPropertyOptional({ description: "An entity's identifier" })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  entity?: string;

  @ApiPropertyOptional({ enum: ActionRunStatuses })
  @IsOptional()
  @IsIn(ActionRunStatuses)
  status?: (typeof ActionRunStatuses)[number];
}
