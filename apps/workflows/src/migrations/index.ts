import { Initial1763700000000 } from './1763700000000-initial';
import { WorkflowDefinitions1763800000000 } from './1763800000000-workflow-definitions';
import { OrgSecrets1763800000001 } from './1763800000001-org-secrets';
import { WebhookSigningKeys1763800000002 } from './1763800000002-webhook-signing-keys';
import { Actions1766900000000 } from './1766900000000-actions';

/** Every migration of this service, oldest first. */
export const migrations = [
  Initial1763700000000,
  WorkflowDefinitions1763800000000,
  OrgSecrets1763800000001,
  WebhookSigningKeys1763800000002,
  Actions1766900000000,
];
