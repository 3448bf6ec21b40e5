import { Injectable } from '@nestjs/common';
import { type Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { WorkflowsService } from '../workflows/workflows.service';
import { type NodePermissionsDto } from './dto/node-permissions.dto';
import { type StoredPermissions, toStoredPermissions } from './node-permissions';
import { type NodeRef, NodePermissionsRepository } from './node-permissions.repository';

/**
 * Execution permissions of SELF_SERVE_TRIGGER nodes (reference §10): stored per node of a live workflow
 * and returned; they outlive new versions of the workflow. Not enforced yet.
 */
@Injectable()
export class NodePermissionsService {
  constructor(
    private readonly workflows: WorkflowsService,
    private readonly permissions: NodePermissionsRepository,
  ) {}

  /** What is stored; `{}` when nothing is (reference [L]: then only admins may run the node). */
  async get(principal: Principal, workflowId: string, nodeId: string): Promise<StoredPermissions> {
    const node = await this.selfServeNode(principal, workflowId, nodeId);
    return (await this.permissions.find(node)) ?? {};
  }

  async replace(
    principal: Principal,
    workflowId: string,
    nodeId: string,
    body: NodePermissionsDto,
  ): Promise<StoredPermissions> {
    const node = await this.selfServeNode(principal, workflowId, nodeId);
    return this.permissions.replace(node, toStoredPermissions(body), principal.actorId);
  }

  async patch(
    principal: Principal,
    workflowId: string,
    nodeId: string,
    body: NodePermissionsDto,
  ): Promise<StoredPermissions> {
    const node = await this.selfServeNode(principal, workflowId, nodeId);
    return this.permissions.merge(node, toStoredPermissions(body), principal.actorId);
  }

  async remove(principal: Principal, workflowId: string, nodeId: string): Promise<void> {
    await this.permissions.remove(await this.selfServeNode(principal, workflowId, nodeId));
  }

  /** 404 for a missing workflow or node; 422 for a node that is not a self-service trigger. */
  private async selfServeNode(principal: Principal, workflowId: string, nodeId: string): Promise<NodeRef> {
    const node = await this.workflows.node(principal, workflowId, nodeId, { form: 'canonical' });
    const type = (node['config'] as { type?: unknown } | undefined)?.type;
    if (type !== 'SELF_SERVE_TRIGGER') {
      const message = `permissions apply to SELF_SERVE_TRIGGER nodes only; node "${nodeId}" is ${String(type)}`;
      throw ApiError.invalid(message, [{ path: 'nodeId', message }]);
    }
    return { orgId: principal.orgId, workflowIdentifier: workflowId, nodeIdentifier: nodeId };
  }
}
