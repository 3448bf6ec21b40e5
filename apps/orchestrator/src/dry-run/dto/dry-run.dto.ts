import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsString, Matches, Min } from 'class-validator';

/** `POST /v1/workflows/{id}/dry-run` */
export class DryRunDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Sample inputs: what the trigger would output. Used as given (no defaults are applied).',
  })
  @IsOptional()
  @IsObject()
  inputs?: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      "An earlier run of this workflow: its trigger output is the input, and its nodes' outputs are what the nodes pretend to return",
  })
  @IsOptional()
  @IsString()
  @Matches(/^wfr_[A-Za-z0-9]+$/, { message: 'fromRunId must be a workflow run identifier (wfr_…)' })
  fromRunId?: string;

  @ApiPropertyOptional({
    description: "The version to try: the latest by default (or, with fromRunId, that run's version)",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
