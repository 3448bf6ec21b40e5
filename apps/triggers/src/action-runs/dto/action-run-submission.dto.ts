import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

/** `POST /v1/actions/{id}/runs`: `{ properties, entity? }` (Port's body). */
export class ActionRunSubmissionDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "The form values, checked against the action's userInputs; defaults are applied",
  })
  @IsOptional()
  @IsObject()
  properties?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'DAY-2 and DELETE actions: the identifier of the entity acted on' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  entity?: string;
}

export class ActionRunQueryDto {
  @ApiPropertyOptional({ description: 'Run as this user (email); trusted callers (admins) only' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  run_as?: string;
}
