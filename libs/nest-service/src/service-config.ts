import { type ClassConstructor, plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { flattenValidationErrors } from '@flowline/contracts';
import { DEFAULT_REQUEST_BODY_LIMITS, type RequestBodyLimits } from './request-bodies/body-limits';

/**
 * The environment every service reads, validated at boot: a service that would start with a missing or
 * malformed variable refuses to start and says which ones. Services extend it with their own variables.
 */
export class ServiceConfig {
  @IsString()
  @IsNotEmpty()
  HOST = '127.0.0.1';

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT!: number;

  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  /** Comma-separated host:port list. */
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' })
  KAFKA_BROKERS!: string;

  /** The PostgreSQL schema the service owns; each service sets its default (tests use their own). */
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DATABASE_SCHEMA must be a lower-case SQL identifier' })
  DATABASE_SCHEMA!: string;

  @IsOptional()
  @IsString()
  KAFKA_TOPIC_PREFIX = '';

  @IsString()
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })
  AUTH_JWT_SECRET!: string;

  /**
   * PostgreSQL connections this process may hold. Small by default: one machine's PostgreSQL (100
   * connections) must fit every service, their replicas, e2e systems and tests at once.
   */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 4;

  /**
   * Bytes of bytecode a function runs between V8's checks for optimising it, from the moment the service
   * listens (start-up code runs once and is not worth optimising); 0 keeps V8's own (67584). Lower makes
   * a just-started service reach its full speed within seconds of load instead of tens of seconds.
   */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(0)
  @Max(1_048_576)
  V8_INTERRUPT_BUDGET = 4096;

  /**
   * Where PostgreSQL's autovacuum is off, how often the service checks its own tables and vacuums or
   * analyzes those that need it (autovacuum's rules); 0 never. With autovacuum on it does nothing.
   */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DATABASE_MAINTENANCE_INTERVAL_MS = 5_000;

  /**
   * Partitions of the topics this service creates. A consumer group shares a topic's partitions, so this
   * bounds how many replicas of a service can share its work.
   */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(1000)
  KAFKA_PARTITIONS = 12;

  /**
   * How long Kafka waits for a silent consumer (heartbeats every third of it) before giving its partitions
   * to the rest of its group. A process killed without leaving its group stalls the whole group for this
   * long; below the broker's minimum (6 s) the broker refuses the join.
   */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(6_000)
  @Max(300_000)
  KAFKA_SESSION_TIMEOUT_MS = 10_000;

  /** Kafka messages this process handles at once (all partitions together). */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(10_000)
  CONSUMER_MAX_IN_FLIGHT = 64;

  /** Of those, at most this many for one org, so one org cannot hold the slots others wait for. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(10_000)
  CONSUMER_MAX_IN_FLIGHT_PER_ORG = 48;

  /** The largest request body any route accepts (README "Request bodies"); larger ones answer 413. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  HTTP_BODY_LIMIT_BYTES = DEFAULT_REQUEST_BODY_LIMITS.maxBytes;

  /** The deepest object/array nesting a JSON request body may have; deeper answers 422 NESTING_TOO_DEEP. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(8)
  @Max(1000)
  HTTP_BODY_MAX_DEPTH = DEFAULT_REQUEST_BODY_LIMITS.maxDepth;

  // Users' identity provider (OpenID Connect), read by every service: each verifies tokens itself.
  // Unset OIDC_ISSUER = no user tokens, only machine clients and services. See oidc-config.ts.

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'OIDC_ISSUER must be the http(s) URL of the issuer' },
  )
  OIDC_ISSUER?: string;

  @IsOptional()
  @IsString()
  OIDC_AUDIENCE?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  OIDC_JWKS_URI?: string;

  @IsString()
  @IsNotEmpty()
  OIDC_USER_ID_CLAIM = 'sub';

  @IsString()
  @IsNotEmpty()
  OIDC_EMAIL_CLAIM = 'email';

  @IsString()
  @IsNotEmpty()
  OIDC_ROLES_CLAIM = 'roles';

  @IsString()
  @IsNotEmpty()
  OIDC_TEAMS_CLAIM = 'teams';

  @IsOptional()
  @IsString()
  OIDC_ORG_CLAIM?: string;

  @ValidateIf((config: ServiceConfig) => config.OIDC_ISSUER !== undefined && !config.OIDC_ORG_CLAIM)
  @IsString({ message: 'OIDC_DEFAULT_ORG is required with OIDC_ISSUER when OIDC_ORG_CLAIM is unset' })
  @IsNotEmpty()
  OIDC_DEFAULT_ORG?: string;

  /** Comma-separated provider roles that make a user a Flowline admin. */
  @IsString()
  OIDC_ADMIN_ROLES = 'admin';

  @Matches(/^((RS|PS|ES)(256|384|512)|EdDSA)(,((RS|PS|ES)(256|384|512)|EdDSA))*$/, {
    message: 'OIDC_ALGORITHMS must be a comma-separated list of RS*, PS*, ES* or EdDSA',
  })
  OIDC_ALGORITHMS = 'RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512,EdDSA';

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(0)
  @Max(300)
  OIDC_CLOCK_TOLERANCE_SECONDS = 5;

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(0)
  OIDC_JWKS_COOLDOWN_MS = 30_000;

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1000)
  OIDC_JWKS_CACHE_MAX_AGE_MS = 600_000;

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(100)
  @Max(60_000)
  OIDC_HTTP_TIMEOUT_MS = 5000;

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  get requestBodyLimits(): RequestBodyLimits {
    return { maxBytes: this.HTTP_BODY_LIMIT_BYTES, maxDepth: this.HTTP_BODY_MAX_DEPTH };
  }

  get kafkaBrokers(): string[] {
    return this.KAFKA_BROKERS.split(',').map((broker) => broker.trim());
  }
}

export class InvalidConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(readonly problems: Array<{ path: string; message: string }>) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  }
}

/** Reads and validates the service's config class from the environment; throws listing every problem. */
export function loadConfig<T extends ServiceConfig>(
  type: ClassConstructor<T>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const config = plainToInstance(type, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  if (errors.length > 0) throw new InvalidConfigError(flattenValidationErrors(errors));
  return config;
}
