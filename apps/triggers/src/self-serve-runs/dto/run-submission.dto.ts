import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

/** `POST /v1/workflows/{id}/runs` (reference §10): `{ inputs? }`. */
export class RunSubmissionDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "The form values, checked against the trigger's userInputs; defaults are applied",
  })
  @IsOptional()
  @IsObject()
  inputs?: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'Extension: which SELF_SERVE_TRIGGER to run when the workflow has several (default: the first)',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  nodeIdentifier?: string;
}
