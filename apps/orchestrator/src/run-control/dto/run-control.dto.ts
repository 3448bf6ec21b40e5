import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, type TransformFnParams } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

const toBoolean = ({ value }: TransformFnParams): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** `POST /v1/workflows/runs/{id}/cancel?force=true` */
export class CancelRunQuery {
  @ApiPropertyOptional({
    default: false,
    description:
      'false (default): running nodes may finish, no new node starts. true: running node runs are cancelled now.',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  force?: boolean;
}

export const RERUN_VERSIONS = ['same', 'latest'] as const;
export type RerunVersion = (typeof RERUN_VERSIONS)[number];

/** `POST /v1/workflows/runs/{id}/rerun` */
export class RerunRunDto {
  @ApiPropertyOptional({
    enum: RERUN_VERSIONS,
    default: 'same',
    description: 'The workflow version of the new run: the one the run used, or the latest one.',
  })
  @IsOptional()
  @IsIn(RERUN_VERSIONS)
  version?: RerunVersion;
}
