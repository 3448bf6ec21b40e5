import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireRoles } from '@flowline/nest-auth';
import { ActionsService } from './actions.service';
import { ActionPermissionsDto } from './dto/action-permissions.dto';

/** Port's `/v1/actions` API: self-service actions and automations (Port's v2 JSON). */
@ApiTags('actions')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'No, expired or invalid bearer token' })
@Controller('v1/actions')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Post()
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Create an action or automation' })
  @ApiResponse({ status: 201, description: '{ ok: true, action }' })
  @ApiResponse({ status: 409, description: 'The org already has an action with this identifier' })
  @ApiResponse({ status: 422, description: 'Every problem of the definition, with its path, in `details`' })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    return { ok: true, action: await this.actions.create(principal, body) };
  }

  @Get()
  @ApiOperation({ summary: 'List the actions and automations' })
  async list(@CurrentPrincipal() principal: Principal) {
    return { ok: true, actions: await this.actions.list(principal) };
  }

  @Get(':id')
  @ApiResponse({ status: 404, description: 'No such action in the caller’s org' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return { ok: true, action: await this.actions.get(principal, id) };
  }

  @Put(':id')
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Replace an action (its workflow gets a new version)' })
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    return { ok: true, action: await this.actions.update(principal, id, body) };
  }

  @Delete(':id')
  @HttpCode(200)
  @RequireRoles('admin')
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    await this.actions.remove(principal, id);
    return { ok: true };
  }

  @Get(':id/permissions')
  @ApiOperation({ summary: 'Who may execute and who may approve the action' })
  async permissions(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return { ok: true, permissions: await this.actions.permissions(principal, id) };
  }

  @Patch(':id/permissions')
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Replace `execute` and/or `approve` (roles, users, teams)' })
  async patchPermissions(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: ActionPermissionsDto,
  ) {
    return { ok: true, permissions: await this.actions.patchPermissions(principal, id, body) };
  }
}
