import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, ServiceOnly } from '@flowline/nest-auth';
import { SigningSecretService } from './signing-secret.service';

/** Where the webhook executor gets the keys to sign an org's calls with. Not routed by the gateway. */
@ApiTags('internal')
@ApiBearerAuth()
@ServiceOnly('executor-webhook')
@Controller('internal/v1/webhook-signing-keys')
export class InternalSigningKeysController {
  constructor(private readonly signing: SigningSecretService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The keys that sign the token org’s webhook calls, current first' })
  async keys(@CurrentPrincipal() principal: Principal) {
    const keys = await this.signing.validKeys(principal);
    return {
      ok: true,
      keys: keys.map((key) => ({ version: key.version, secret: key.secret, validUntil: key.validUntil })),
    };
  }
}
