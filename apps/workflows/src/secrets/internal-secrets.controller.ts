import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, ServiceOnly } from '@flowline/nest-auth';
import { SECRET_READERS } from './secret-name';
import { SecretsService } from './secrets.service';

/**
 * Where executors resolve `{{ .secrets.NAME }}` for the org of their service token. Not routed by the
 * gateway; callable only with a service token of an executor.
 */
@ApiTags('internal')
@ApiBearerAuth()
@ServiceOnly(...SECRET_READERS)
@Controller('internal/v1/secrets')
export class InternalSecretsController {
  constructor(private readonly secrets: SecretsService) {}

  @Get(':name')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Resolve a secret value (executors only; audited)' })
  @ApiResponse({ status: 403, description: 'The caller is not an executor service' })
  @ApiResponse({ status: 404, description: 'No such secret in the token’s org' })
  async resolve(@CurrentPrincipal() principal: Principal, @Param('name') name: string) {
    return { ok: true, value: await this.secrets.resolve(principal, name) };
  }
}
