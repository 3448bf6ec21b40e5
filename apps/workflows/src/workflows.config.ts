import { IsString, ValidateBy, type ValidationOptions } from 'class-validator';
import { ServiceConfig } from '@flowline/nest-service';

export const SERVICE_NAME = 'workflows';

/** AES-256 needs exactly 32 key bytes; a shorter or mistyped key must stop the service at boot. */
function IsBase64Key(bytes: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBase64Key',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /^[A-Za-z0-9+/]+={0,2}$/.test(value) &&
          Buffer.from(value, 'base64').length === bytes &&
          Buffer.from(value, 'base64').toString('base64') === value,
        defaultMessage: () => `$property must be ${bytes} bytes, base64-encoded`,
      },
    },
    options,
  );
}

export class WorkflowsConfig extends ServiceConfig {
  override PORT = 3001;
  override DATABASE_SCHEMA = 'workflows';

  /** AES-256-GCM key for org secrets at rest: 32 bytes, base64. */
  @IsString()
  @IsBase64Key(32)
  SECRETS_ENCRYPTION_KEY!: string;
}
