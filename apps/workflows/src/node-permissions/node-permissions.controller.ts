import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireRoles } from '@flowline/nest-auth';
import { NodePermissionsDto } from './dto/node-permissions.dto';
import { NodePermissionsService } from './node-permissions.service';

/** Port's API answers the permissions under `workflow` (reference §10, [A]); `permissions` is kept beside it. */
function answer<T>(permissions: T) {
  return { ok: true, workflow: permissions, permissions };
}

/** Reference §10: `POST | GET | PATCH | DELETE /v1/workflows/{id}/nodes/{nodeId}/permissions`. */
@ApiTags('workflows')
@ApiBearerAuth()
@ApiResponse({ status: 404, description: 'No such workflow or node in the caller’s org' })
@ApiResponse({ status: 422, description: 'Bad body, or the node is not a SELF_SERVE_TRIGGER' })
@Controller('v1/workflows/:id/nodes/:nodeId/permissions')
export class NodePermissionsController {
  constructor(private readonly permissions: NodePermissionsService) {}

  @Get()
  @ApiOperation({ summary: 'Get the stored execution permissions of a self-service trigger node' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('nodeId') nodeId: string,
  ) {
    return answer(await this.permissions.get(principal, id, nodeId));
  }

  @Post()
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Set (replace) the execution permissions of a node' })
  async replace(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('nodeId') nodeId: string,
    @Body() body: NodePermissionsDto,
  ) {
    return answer(await this.permissions.replace(principal, id, nodeId, body));
  }

  @Patch()
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Change some fields of the execution permissions of a node' })
  async patch(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('nodeId') nodeId: string,
    @Body() body: NodePermissionsDto,
  ) {
    return answer(await this.permissions.patch(principal, id, nodeId, body));
  }

  @Delete()
  @HttpCode(200)
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Remove the execution permissions of a node' })
  async remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('nodeId') nodeId: string,
  ) {
    await this.permissions.remove(principal, id, nodeId);
    return { ok: true };
  }
}
