import {
  Body,
  Controller,
  Delete,
  Get,
  HttpStatus,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireRoles } from '@flowline/nest-auth';
import { WORKFLOW_BODY } from './dto/workflow-body';
import { WorkflowQuery } from './dto/workflow-query.dto';
import { toWorkflowView, type WorkflowForm } from './workflow-view';
import { WorkflowsService } from './workflows.service';

const versionNumber = new ParseIntPipe({ errorHttpStatusCode: HttpStatus.UNPROCESSABLE_ENTITY });

function formOf(query: WorkflowQuery): WorkflowForm {
  return query.canonical ? 'canonical' : 'port';
}

/** Port's `/v1/workflows` API (reference §10), plus the version history. */
@ApiTags('workflows')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'No, expired or invalid bearer token' })
@Controller('v1/workflows')
export class WorkflowsController {
  constructor(private readonly workflows: WorkflowsService) {}

  @Post()
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Create a workflow (version 1)' })
  @ApiBody(WORKFLOW_BODY)
  @ApiResponse({ status: 201, description: '{ ok: true, workflow }' })
  @ApiResponse({ status: 409, description: 'The org already has a workflow with this identifier' })
  @ApiResponse({ status: 422, description: 'Every problem of the definition, with its path, in `details`' })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    return { ok: true, workflow: toWorkflowView(await this.workflows.create(principal, body)) };
  }

  @Get()
  @ApiOperation({ summary: 'List the latest version of every workflow (deleted ones with ?isDeleted=true)' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: WorkflowQuery) {
    const stored = await this.workflows.list(principal, query.isDeleted ?? false);
    return { ok: true, workflows: stored.map((one) => toWorkflowView(one, formOf(query))) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get the latest version of a workflow' })
  @ApiResponse({ status: 404, description: 'No such workflow in the caller’s org (or deleted)' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: WorkflowQuery,
  ) {
    const stored = await this.workflows.get(principal, id, { includeDeleted: query.isDeleted });
    return { ok: true, workflow: toWorkflowView(stored, formOf(query)) };
  }

  @Put(':id')
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Replace a workflow: stores a new immutable version' })
  @ApiBody(WORKFLOW_BODY)
  @ApiResponse({ status: 404, description: 'No such workflow (or deleted)' })
  @ApiResponse({ status: 422, description: 'Every problem of the definition, with its path, in `details`' })
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    return { ok: true, workflow: toWorkflowView(await this.workflows.update(principal, id, body)) };
  }

  @Delete(':id')
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Delete a workflow (soft: its versions stay for the runs pinned to them)' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return { ok: true, workflow: toWorkflowView(await this.workflows.remove(principal, id)) };
  }

  @Get(':id/nodes/:nodeId')
  @ApiOperation({ summary: 'Get one node of the latest version (Port answers it under `workflow`)' })
  async node(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('nodeId') nodeId: string,
    @Query() query: WorkflowQuery,
  ) {
    const options = { includeDeleted: query.isDeleted, form: formOf(query) };
    return { ok: true, workflow: await this.workflows.node(principal, id, nodeId, options) };
  }

  @Get(':id/versions')
  @ApiOperation({ summary: 'List the versions of a workflow, oldest first' })
  async versions(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: WorkflowQuery,
  ) {
    return {
      ok: true,
      versions: await this.workflows.versions(principal, id, { includeDeleted: query.isDeleted }),
    };
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: 'Get one immutable version of a workflow' })
  async version(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('version', versionNumber) version: number,
    @Query() query: WorkflowQuery,
  ) {
    const stored = await this.workflows.version(principal, id, version, { includeDeleted: query.isDeleted });
    return { ok: true, workflow: toWorkflowView(stored, formOf(query)) };
  }
}
