import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** `GET /v1/workflows/nodes/runs?external_run_id=…&include=nodeConfig` ([O]). */
export class FindNodeRunsQuery {
  @ApiPropertyOptional({ description: 'The externalRunId reported on the node run' })
  @IsNotEmpty()
  @IsString()
  @MaxLength(500)
  external_run_id!: string;

  /** `nodeConfig`: each node run carries its node's config (as pinned in the run's version). */
  @ApiPropertyOptional({ enum: ['nodeConfig'] })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value[0] : value))
  @IsIn(['nodeConfig'])
  include?: 'nodeConfig';
}
