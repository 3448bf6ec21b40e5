import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { NodePermissionsEntity } from './node-permissions.entity';
import { type StoredPermissions } from './node-permissions';

export interface NodeRef {
  orgId: string;
  workflowIdentifier: string;
  nodeIdentifier: string;
}

const KEY_COLUMNS = ['org_id', 'workflow_identifier', 'node_identifier'];

/** Stored execution permissions of workflow nodes. Every query names the org. */
@Injectable()
export class NodePermissionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(node: NodeRef): Promise<StoredPermissions | null> {
    const row = await this.dataSource.getRepository(NodePermissionsEntity).findOneBy({ ...node });
    return row?.permissions ?? null;
  }

  /** Every node's stored permissions in the org (for filtering the workflow list by who may run what). */
  async listForOrg(orgId: string): Promise<Array<NodeRef & { permissions: StoredPermissions }>> {
    const rows = await this.dataSource.getRepository(NodePermissionsEntity).findBy({ orgId });
    return rows.map(({ workflowIdentifier, nodeIdentifier, permissions }) => ({
      orgId,
      workflowIdentifier,
      nodeIdentifier,
      permissions,
    }));
  }

  /** Sets the permissions, replacing whatever was stored. */
  async replace(node: NodeRef, permissions: StoredPermissions, actorId: string): Promise<StoredPermissions> {
    const rows = await this.upsert(node, permissions, actorId)
      .orUpdate(['permissions', 'updated_by', 'updated_at'], KEY_COLUMNS)
      .returning(['permissions'])
      .execute();
    return (rows.raw as Array<{ permissions: StoredPermissions }>)[0].permissions;
  }

  /** Overwrites the top-level fields given and keeps the others, in one statement (no lost updates). */
  async merge(node: NodeRef, patch: StoredPermissions, actorId: string): Promise<StoredPermissions> {
    const table = this.dataSource.getMetadata(NodePermissionsEntity).tableName;
    const rows = await this.upsert(node, patch, actorId)
      .onConflict(
        `(${KEY_COLUMNS.join(', ')}) do update set ` +
          `permissions = "${table}".permissions || excluded.permissions, ` +
          `updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .returning(['permissions'])
      .execute();
    return (rows.raw as Array<{ permissions: StoredPermissions }>)[0].permissions;
  }

  async remove(node: NodeRef): Promise<void> {
    await this.dataSource.getRepository(NodePermissionsEntity).delete({ ...node });
  }

  private upsert(node: NodeRef, permissions: StoredPermissions, actorId: string) {
    return (
      this.dataSource
        .createQueryBuilder()
        .insert()
        .into(NodePermissionsEntity)
        // TypeORM's insert type cannot follow a `Record<string, unknown>` JSON column.
        .values({
          ...node,
          permissions,
          updatedBy: actorId,
          updatedAt: new Date(),
        } as QueryDeepPartialEntity<NodePermissionsEntity>)
    );
  }
}
