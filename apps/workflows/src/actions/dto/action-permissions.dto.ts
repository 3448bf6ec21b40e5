import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';

/** `PATCH /v1/actions/{id}/permissions`: who may execute and who may approve (roles, users, teams). */
export class ActionPermissionsDto {
  @ApiPropertyOptional({ description: '{ roles?, users?, teams?, ownedByTeam?, policy? }' })
  @IsOptional()
  @IsObject()
  execute?: Record<string, unknown>;

  @ApiPropertyOptional({ description: '{ roles?, users?, teams? }: the approvers of requiredApproval' })
  @IsOptional()
  @IsObject()
  approve?: Record<string, unknown>;
}
