import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { ServiceConfig } from '@flowline/nest-service';
import { type UpstreamService } from './routing/route-table';

export const SERVICE_NAME = 'gateway';

const toNumber = ({ value }: { value: unknown }) => (value === undefined ? value : Number(value));
const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['true', '1', 'yes'].includes(value.toLowerCase()) : value;
const serviceUrl = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class GatewayConfig extends ServiceConfig {
  override PORT = 3000;
  override DATABASE_SCHEMA = 'gateway';

  // Base URLs of the services behind the gateway. Unset means "not deployed": its routes answer 503.
  @IsOptional()
  @IsUrl(serviceUrl)
  WORKFLOWS_URL?: string;

  @IsOptional()
  @IsUrl(serviceUrl)
  CATALOG_URL?: string;

  @IsOptional()
  @IsUrl(serviceUrl)
  TRIGGERS_URL?: string;

  @IsOptional()
  @IsUrl(serviceUrl)
  ORCHESTRATOR_URL?: string;

  /**
   * Requests per minute per org (per client IP without a valid token), counted in PostgreSQL and so
   * shared by every gateway replica.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 1000;

  /** Take the client IP for rate limiting from the last X-Forwarded-For hop (behind a trusted proxy). */
  @Transform(toBoolean)
  @IsBoolean()
  TRUST_X_FORWARDED_FOR = false;

  /** Lifetime of tokens from POST /v1/auth/access_token, seconds (Port's is 3 hours). */
  @Transform(toNumber)
  @IsInt()
  @Min(60)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS = 10_800;

  /** How long to wait for a TCP connection to an upstream service before answering 503. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  UPSTREAM_CONNECT_TIMEOUT_MS = 2_000;

  /** How long an upstream may stay silent (no headers, no body bytes) before the gateway gives up. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  UPSTREAM_RESPONSE_TIMEOUT_MS = 30_000;

  /**
   * The built console (`npm run build` writes it to dist/console), served at /console/. Unset: the
   * dist/console of the checkout the gateway runs from, when there is one.
   */
  @IsOptional()
  @IsString()
  CONSOLE_DIR?: string;

  upstreamUrl(service: UpstreamService): string | undefined {
    switch (service) {
      case 'workflows':
        return this.WORKFLOWS_URL;
      case 'catalog':
        return this.CATALOG_URL;
      case 'triggers':
        return this.TRIGGERS_URL;
      case 'orchestrator':
        return this.ORCHESTRATOR_URL;
    }
  }
}
