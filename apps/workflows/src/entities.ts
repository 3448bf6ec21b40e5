import { OutboxEntry } from '@flowline/nest-database';
import { ActionEntity } from './actions/action.entity';
import { NodePermissionsEntity } from './node-permissions/node-permissions.entity';
import { SecretAuditEntry, SecretEntity } from './secrets/secret.entity';
import { SigningKeyEntity } from './signing-secret/signing-key.entity';
import { WorkflowEntity, WorkflowVersionEntity } from './workflows/workflow.entity';

/** Every table this service maps; the migrations in ./migrations create exactly these. */
export const entities = [
  OutboxEntry,
  WorkflowEntity,
  WorkflowVersionEntity,
  NodePermissionsEntity,
  SecretEntity,
  SecretAuditEntry,
  SigningKeyEntity,
  ActionEntity,
];
