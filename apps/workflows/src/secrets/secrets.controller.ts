import { Body, Controller, Delete, Get, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireRoles } from '@flowline/nest-auth';
import { PutSecretDto } from './dto/put-secret.dto';
import { SecretsService } from './secrets.service';

interface StatusResponse {
  status(code: number): unknown;
}

/** Org secrets for `{{ .secrets.NAME }}`: names and timestamps only ever leave through this API. */
@ApiTags('secrets')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'No, expired or invalid bearer token' })
@ApiResponse({ status: 403, description: 'The caller is not an admin of the org' })
@RequireRoles('admin')
@Controller('v1/secrets')
export class SecretsController {
  constructor(private readonly secrets: SecretsService) {}

  @Get()
  @ApiOperation({ summary: 'List the org’s secrets: names and timestamps, never values' })
  async list(@CurrentPrincipal() principal: Principal) {
    return { ok: true, secrets: await this.secrets.list(principal) };
  }

  @Put(':name')
  @ApiOperation({ summary: 'Create (201) or replace (200) a secret; the value is stored encrypted' })
  @ApiResponse({ status: 422, description: 'Bad name (^[A-Za-z0-9_-]{1,100}$) or value' })
  async put(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Body() body: PutSecretDto,
    @Res({ passthrough: true }) response: StatusResponse,
  ) {
    const { created, secret } = await this.secrets.put(principal, name, body.value);
    response.status(created ? 201 : 200);
    return { ok: true, secret };
  }

  @Delete(':name')
  @ApiOperation({ summary: 'Delete a secret for good' })
  @ApiResponse({ status: 404, description: 'No such secret in the caller’s org' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('name') name: string) {
    await this.secrets.remove(principal, name);
    return { ok: true };
  }
}
