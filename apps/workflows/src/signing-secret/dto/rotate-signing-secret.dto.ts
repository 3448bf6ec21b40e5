import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_GRACE_PERIOD_SECONDS } from '../signing-secret.service';

/** `POST /v1/webhook-signing-secret/rotate`. */
export class RotateSigningSecretDto {
  /** How long the version being replaced keeps signing calls beside the new one (0: not at all). */
  @ApiPropertyOptional({ default: DEFAULT_GRACE_PERIOD_SECONDS, minimum: 0, maximum: 7 * 24 * 3600 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 3600)
  gracePeriodSeconds?: number;
}
