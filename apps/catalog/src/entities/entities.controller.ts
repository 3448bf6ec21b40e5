import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@flowline/nest-auth';
import { projectEntity } from '../search/entity-projection';
import { CHAIN_DEPTH_HEADER, ChainDepth } from './chain-depth.decorator';
import { writeOf } from './body-blueprint';
import {
  EntityRunQueryDto,
  EntitySearchDto,
  EntitySearchQueryDto,
  EntityWriteDto,
  EntityWriteQueryDto,
} from './dto/entity.dto';
import { EntitiesService } from './entities.service';
import { type Entity, type WriteCause } from './entity.model';
import { DeleteEntity } from './use-cases/delete-entity.use-case';
import { postWriteMode, WriteEntity } from './use-cases/write-entity.use-case';

const chainDepthHeader = ApiHeader({
  name: CHAIN_DEPTH_HEADER,
  required: false,
  description: 'How many workflow-caused writes led to this one (default 0); copied onto the change event',
});

@ApiTags('entities')
@ApiBearerAuth()
@Controller('v1/blueprints/:blueprint/entities')
export class EntitiesController {
  constructor(
    private readonly entities: EntitiesService,
    private readonly writeEntity: WriteEntity,
    private readonly deleteEntity: DeleteEntity,
  ) {}

  @Post()
  @chainDepthHeader
  @ApiOperation({
    summary: 'Create an entity (201; 409 if it exists unless ?upsert=true; 422 with every bad field)',
  })
  async create(
    @CurrentPrincipal() principal: Principal,
    @ChainDepth() chainDepth: number,
    @Param('blueprint') blueprint: string,
    @Query() query: EntityWriteQueryDto,
    @Body() body: EntityWriteDto,
  ): Promise<{ ok: true; entity: Entity }> {
    const command = {
      blueprint,
      mode: postWriteMode(query),
      write: writeOf(blueprint, body),
      cause: causeOf(principal, chainDepth, query.run_id),
      validationOnly: query.validation_only === true,
    };
    return { ok: true, entity: await this.writeEntity.execute(command) };
  }

  @Get()
  @ApiOperation({ summary: "List the blueprint's entities" })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('blueprint') blueprint: string,
    @Query() query: EntitySearchQueryDto,
  ): Promise<{ ok: true; entities: Array<Record<string, unknown>> }> {
    const entities = await this.entities.list(principal.orgId, blueprint);
    return { ok: true, entities: entities.map((e) => projectEntity(e, query.include, query.exclude)) };
  }

  @Post('search')
  @HttpCode(200)
  @ApiOperation({ summary: 'Entities of the blueprint matching rules combined with and/or' })
  async search(
    @CurrentPrincipal() principal: Principal,
    @Param('blueprint') blueprint: string,
    @Query() query: EntitySearchQueryDto,
    @Body() body: EntitySearchDto,
  ): Promise<{ ok: true; entities: Array<Record<string, unknown>> }> {
    const entities = await this.entities.search(principal.orgId, blueprint, body);
    return { ok: true, entities: entities.map((e) => projectEntity(e, query.include, query.exclude)) };
  }

  @Get(':entity')
  @ApiOperation({ summary: 'Get an entity' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('blueprint') blueprint: string,
    @Param('entity') identifier: string,
  ): Promise<{ ok: true; entity: Entity }> {
    return { ok: true, entity: await this.entities.get(principal.orgId, blueprint, identifier) };
  }

  @Put(':entity')
  @chainDepthHeader
  @ApiOperation({ summary: 'Replace an entity with what was sent (created when missing)' })
  async replace(
    @CurrentPrincipal() principal: Principal,
    @ChainDepth() chainDepth: number,
    @Param('blueprint') blueprint: string,
    @Param('entity') identifier: string,
    @Query() query: EntityWriteQueryDto,
    @Body() body: EntityWriteDto,
  ): Promise<{ ok: true; entity: Entity }> {
    const command = {
      blueprint,
      mode: 'upsert-replace' as const,
      write: { ...writeOf(blueprint, body), identifier },
      cause: causeOf(principal, chainDepth, query.run_id),
      validationOnly: query.validation_only === true,
    };
    return { ok: true, entity: await this.writeEntity.execute(command) };
  }

  @Patch(':entity')
  @chainDepthHeader
  @ApiOperation({
    summary: 'Change the supplied fields of an entity; properties and relations merge key by key',
  })
  async patch(
    @CurrentPrincipal() principal: Principal,
    @ChainDepth() chainDepth: number,
    @Param('blueprint') blueprint: string,
    @Param('entity') identifier: string,
    @Query() query: EntityRunQueryDto,
    @Body() body: EntityWriteDto,
  ): Promise<{ ok: true; entity: Entity }> {
    const command = {
      blueprint,
      mode: 'patch' as const,
      write: { ...writeOf(blueprint, body), identifier },
      cause: causeOf(principal, chainDepth, query.run_id),
    };
    return { ok: true, entity: await this.writeEntity.execute(command) };
  }

  @Delete(':entity')
  @chainDepthHeader
  @ApiOperation({ summary: 'Delete an entity and its timers' })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @ChainDepth() chainDepth: number,
    @Param('blueprint') blueprint: string,
    @Param('entity') identifier: string,
    @Query() query: EntityRunQueryDto,
  ): Promise<{ ok: true }> {
    return this.deleteEntity
      .execute(blueprint, identifier, causeOf(principal, chainDepth, query.run_id))
      .then(() => ({ ok: true }));
  }
}

function causeOf(principal: Principal, chainDepth: number, runId?: string): WriteCause {
  return {
    orgId: principal.orgId,
    actorId: principal.actorId,
    actorKind: principal.kind,
    chainDepth,
    ...(runId !== undefined ? { runId } : {}),
  };
}
