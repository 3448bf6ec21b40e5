import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength, ValidateBy } from 'class-validator';
import { ExecutorConfig } from '@flowline/executor-runtime';
import { parseAllowlist } from './outbound/address-policy';

export const SERVICE_NAME = 'executor-webhook';

const toNumber = ({ value }: { value: unknown }) => (value === undefined ? value : Number(value));

function IsAllowlist(): PropertyDecorator {
  return ValidateBy({
    name: 'isAllowlist',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseAllowlist(value).invalid.length === 0,
      defaultMessage: (args) =>
        `$property must be comma-separated host names, IP addresses or CIDR ranges; invalid: ${
          typeof args?.value === 'string' ? parseAllowlist(args.value).invalid.join(', ') : 'not text'
        }`,
    },
  });
}

export class ExecutorWebhookConfig extends ExecutorConfig {
  override PORT = 3011;
  override DATABASE_SCHEMA = 'executor_webhook';

  /** HMAC-SHA256 key of X-Flowline-Signature; receivers verify with the same key. */
  @IsString()
  @MinLength(32, { message: 'WEBHOOK_SIGNING_SECRET must be at least 32 characters' })
  WEBHOOK_SIGNING_SECRET!: string;

  /** Time limit of one call (connect, send, full answer); a node's timeoutSeconds may lower it. */
  @Transform(toNumber)
  @IsInt()
  @Min(100)
  @Max(600_000)
  WEBHOOK_TIMEOUT_MS = 30_000;

  /** Largest response body read; a larger one fails the node. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(64 * 1024 * 1024)
  WEBHOOK_MAX_RESPONSE_BYTES = 1024 * 1024;

  /** Non-public targets webhooks may call anyway: host names, IPs, CIDR ranges, comma-separated. */
  @IsString()
  @IsAllowlist()
  WEBHOOK_ALLOWED_HOSTS = '';
}
