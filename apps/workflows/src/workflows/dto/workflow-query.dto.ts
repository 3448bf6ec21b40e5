import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, type TransformFnParams } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/** Query strings carry text; `true`/`false` become booleans, anything else stays and is refused. */
export function booleanQuery({ value }: TransformFnParams): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

export class WorkflowQuery {
  @ApiPropertyOptional({
    description:
      'On the list: list deleted workflows instead of live ones (default false). ' +
      'On a single workflow, its nodes and versions: also answer for a deleted workflow.',
  })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  isDeleted?: boolean;

  @ApiPropertyOptional({
    description:
      'Answer in the canonical spelling (aliases resolved, defaults filled, connection identifiers ' +
      'generated) instead of the spelling the client saved (default false).',
  })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  canonical?: boolean;
}
