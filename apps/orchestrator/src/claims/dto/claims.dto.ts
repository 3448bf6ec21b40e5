import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** `POST …/workflows/runs/claim-pending` (reference §9.4). */
export class ClaimPendingDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  installationId!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  /** How long claimed node runs stay hidden from other claims unless acked. */
  @ApiPropertyOptional({ minimum: 1000, maximum: 600000, default: 30000 })
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(600_000)
  visibilityTimeoutMs?: number;
}

/** `PATCH …/workflows/runs/ack`. */
export class AckNodeRunDto {
  @ApiProperty()
  @Matches(/^wfnr_[A-Za-z0-9]{16}$/, { message: 'nodeRunIdentifier must be a node run identifier (wfnr_…)' })
  nodeRunIdentifier!: string;
}
