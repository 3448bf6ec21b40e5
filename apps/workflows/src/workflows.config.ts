import { IsString, MinLength } from 'class-validator';
import { ServiceConfig } from '@flowline/nest-service';

export const SERVICE_NAME = 'workflows';

export class WorkflowsConfig extends ServiceConfig {
  override PORT = 3001;
  override DATABASE_SCHEMA = 'workflows';

  /** AES-256-GCM key for org secrets at rest: 32 bytes, base64. */
  @IsString()
  @MinLength(44)
  SECRETS_ENCRYPTION_KEY!: string;
}
