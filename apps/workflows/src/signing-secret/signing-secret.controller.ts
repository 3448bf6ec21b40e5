import { Body, Controller, Get, Header, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireRoles } from '@flowline/nest-auth';
import { RotateSigningSecretDto } from './dto/rotate-signing-secret.dto';
import {
  DEFAULT_GRACE_PERIOD_SECONDS,
  SigningSecretService,
  type SigningKeyView,
} from './signing-secret.service';

/** The org's webhook signing secret (`x-port-signature`): readable and rotatable by an org admin. */
@ApiTags('secrets')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'No, expired or invalid bearer token' })
@ApiResponse({ status: 403, description: 'The caller is not an admin of the org' })
@RequireRoles('admin')
@Controller('v1/webhook-signing-secret')
export class SigningSecretController {
  constructor(private readonly signing: SigningSecretService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The current signing secret, and retired ones still in their grace period' })
  async get(@CurrentPrincipal() principal: Principal) {
    return answer(await this.signing.validKeys(principal));
  }

  @Post('rotate')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Make a new current secret; the old one signs beside it for the grace period' })
  async rotate(@CurrentPrincipal() principal: Principal, @Body() body: RotateSigningSecretDto) {
    return answer(
      await this.signing.rotate(principal, body.gracePeriodSeconds ?? DEFAULT_GRACE_PERIOD_SECONDS),
    );
  }
}

function answer([current, ...previous]: SigningKeyView[]) {
  return { ok: true, signingSecret: current, previous };
}
