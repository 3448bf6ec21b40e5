import { Body, Controller, Delete, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireRoles } from '@flowline/nest-auth';
import { type BlueprintView, BlueprintsService } from './blueprints.service';
import { CreateBlueprintDto, PatchBlueprintDto, ReplaceBlueprintDto } from './dto/blueprint.dto';

@ApiTags('blueprints')
@ApiBearerAuth()
@Controller('v1/blueprints')
export class BlueprintsController {
  constructor(private readonly blueprints: BlueprintsService) {}

  @Post()
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Create a blueprint (201; 409 if it exists; 422 with every bad field)' })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateBlueprintDto,
  ): Promise<{ ok: true; blueprint: BlueprintView }> {
    return { ok: true, blueprint: await this.blueprints.create(principal, body) };
  }

  @Get()
  @ApiOperation({ summary: "List the org's blueprints" })
  async list(@CurrentPrincipal() principal: Principal): Promise<{ ok: true; blueprints: BlueprintView[] }> {
    return { ok: true, blueprints: await this.blueprints.list(principal.orgId) };
  }

  @Get(':blueprint')
  @ApiOperation({ summary: 'Get a blueprint (404 if the org has none by that identifier)' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('blueprint') identifier: string,
  ): Promise<{ ok: true; blueprint: BlueprintView }> {
    return { ok: true, blueprint: await this.blueprints.get(principal.orgId, identifier) };
  }

  @Put(':blueprint')
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Replace a blueprint' })
  async replace(
    @CurrentPrincipal() principal: Principal,
    @Param('blueprint') identifier: string,
    @Body() body: ReplaceBlueprintDto,
  ): Promise<{ ok: true; blueprint: BlueprintView }> {
    return { ok: true, blueprint: await this.blueprints.replace(principal, identifier, body) };
  }

  @Patch(':blueprint')
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Change part of a blueprint; properties and relations merge key by key' })
  async patch(
    @CurrentPrincipal() principal: Principal,
    @Param('blueprint') identifier: string,
    @Body() body: PatchBlueprintDto,
  ): Promise<{ ok: true; blueprint: BlueprintView }> {
    return { ok: true, blueprint: await this.blueprints.patch(principal, identifier, body) };
  }

  @Delete(':blueprint')
  @RequireRoles('admin')
  @ApiOperation({
    summary: 'Delete a blueprint (409 while it has entities or other blueprints relate to it)',
  })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('blueprint') identifier: string,
  ): Promise<{ ok: true }> {
    return this.blueprints.delete(principal.orgId, identifier).then(() => ({ ok: true }));
  }
}
