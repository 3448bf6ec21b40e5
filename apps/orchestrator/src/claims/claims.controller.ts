import { Body, Controller, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireRoles } from '@flowline/nest-auth';
import { ClaimsService } from './claims.service';
import { AckNodeRunDto, ClaimPendingDto } from './dto/claims.dto';

/**
 * Claim and ack for pull workers, under both of the reference's paths (Ocean calls the unprefixed one).
 * Claiming hands out work and its config, so it takes an admin (or admin machine) token.
 */
@ApiTags('claims')
@ApiBearerAuth()
@Controller()
@RequireRoles('admin')
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Post('v1/workflows/runs/claim-pending')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Claim pending node runs of an installation (hidden from other claims until acked or timed out)',
  })
  async claim(@CurrentPrincipal() principal: Principal, @Body() body: ClaimPendingDto) {
    return { ok: true, nodeRuns: await this.claims.claimPending(principal, body) };
  }

  @Post('v1/org/:orgId/workflows/runs/claim-pending')
  @HttpCode(200)
  @ApiOperation({ summary: 'The same, under the org-prefixed path' })
  async claimInOrg(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId') orgId: string,
    @Body() body: ClaimPendingDto,
  ) {
    return { ok: true, nodeRuns: await this.claims.claimPending(principal, body, orgId) };
  }

  @Patch('v1/workflows/runs/ack')
  @ApiOperation({ summary: 'Acknowledge a claimed node run: it is never handed out again' })
  @ApiResponse({ status: 409, description: 'Already acked' })
  async ack(@CurrentPrincipal() principal: Principal, @Body() body: AckNodeRunDto) {
    await this.claims.ack(principal, body);
    return { ok: true, acked: true };
  }

  @Patch('v1/org/:orgId/workflows/runs/ack')
  @ApiOperation({ summary: 'The same, under the org-prefixed path' })
  async ackInOrg(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId') orgId: string,
    @Body() body: AckNodeRunDto,
  ) {
    await this.claims.ack(principal, body, orgId);
    return { ok: true, acked: true };
  }
}
