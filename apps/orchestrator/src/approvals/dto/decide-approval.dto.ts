import { APPROVAL_DECISIONS, type ApprovalDecision } from '@flowline/workflow-schema';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** `PATCH …/approval`: Port's body for approving or declining an action run, used for workflows too. */
export class DecideApprovalDto {
  @ApiProperty({ enum: APPROVAL_DECISIONS })
  @IsIn(APPROVAL_DECISIONS)
  status!: ApprovalDecision;

  @ApiPropertyOptional({ description: 'Why: shown on the run, and the output of a decisive decision' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}
