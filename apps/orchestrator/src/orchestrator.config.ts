import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUrl, Max, Min, ValidateBy, type ValidationOptions } from 'class-validator';
import { ServiceConfig } from '@flowline/nest-service';

export const SERVICE_NAME = 'orchestrator';

const toNumber = ({ value }: { value: unknown }) => (value === undefined ? value : Number(value));

/** The run context travels in every dispatch message, so it must stay well under Kafka's 1 MB default. */
function NotAbove(property: keyof OrchestratorConfig, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notAbove',
      validator: {
        validate: (value: unknown, args) =>
          typeof value === 'number' && value <= ((args?.object as OrchestratorConfig)[property] as number),
        defaultMessage: () => `$property must not be larger than ${String(property)}`,
      },
    },
    options,
  );
}

export class OrchestratorConfig extends ServiceConfig {
  /** The orchestrator writes every transition: it gets more connections than the other services. */
  override DATABASE_POOL_SIZE = 8;

  /** Runs handled at once (their messages in order per run); bounded by the database pool in practice. */
  override CONSUMER_MAX_IN_FLIGHT = 128;

  override CONSUMER_MAX_IN_FLIGHT_PER_ORG = 96;

  override PORT = 3004;
  override DATABASE_SCHEMA = 'orchestrator';

  /**
   * Inputs applied to runs in one database transaction at most (group commit): under load, what waits
   * for a transaction goes together in the next one; alone, an input gets a transaction of its own at
   * once. 1 = a transaction per input.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(500)
  RUN_WORK_BATCH_SIZE = 64;

  /**
   * Run transactions open at once, each holding a pooled connection (never more than DATABASE_POOL_SIZE).
   * Few is faster: what waits meanwhile forms larger batches, and each batch pays BEGIN, COMMIT and the
   * commit's flush once (measured on 2 cores: 2 transactions gave the most runs/s).
   */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  RUN_WORK_TRANSACTIONS = 2;

  /** The largest output a node may store (after `variables`), UTF-8 JSON bytes. */
  @Transform(toNumber)
  @IsInt()
  @Min(1024)
  @NotAbove('MAX_RUN_CONTEXT_BYTES')
  MAX_NODE_OUTPUT_BYTES = 128 * 1024;

  /** All node outputs of one run together (the template context every dispatch carries). */
  @Transform(toNumber)
  @IsInt()
  @Min(1024)
  @Max(900 * 1024)
  MAX_RUN_CONTEXT_BYTES = 512 * 1024;

  /** What an executor or a PATCH may report for one node run, before `variables` pick from it. */
  @Transform(toNumber)
  @IsInt()
  @Min(1024)
  @Max(900 * 1024)
  MAX_REPORTED_OUTPUT_BYTES = 512 * 1024;

  /**
   * Timeout of action nodes that set no `timeoutSeconds` (theirs or the workflow default): a node whose
   * executor never answers (e.g. none runs for its backend) still ends. 0 = wait forever (Port's beta).
   */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  NODE_DEFAULT_TIMEOUT_SECONDS = 3600;

  /** Time limit of one JQ evaluation (conditions, variables, pull-worker configs). */
  @Transform(toNumber)
  @IsInt()
  @Min(10)
  @Max(60_000)
  JQ_TIMEOUT_MS = 1000;

  /** How often due timers (timeouts, retries) are looked for. */
  @Transform(toNumber)
  @IsInt()
  @Min(50)
  TIMER_SWEEP_INTERVAL_MS = 1000;

  /**
   * How often the orchestrator looks up which backends have an executor consuming their dispatches (a
   * node dispatched to a backend without one for three lookups in a row gets a warning in its logs,
   * and `/health/executors` lists it); 0 = never.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  EXECUTOR_PRESENCE_INTERVAL_MS = 10_000;

  /** How long ids of handled Kafka messages are kept for dedupe (replays older than this are re-applied). */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  PROCESSED_MESSAGE_RETENTION_HOURS = 7 * 24;

  /** Runs of one workflow in progress at once (over it, new runs queue); 0 = unlimited. */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  MAX_CONCURRENT_RUNS_PER_WORKFLOW = 0;

  /** Runs of one org in progress at once (over it, new runs queue); 0 = unlimited. */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  MAX_CONCURRENT_RUNS_PER_ORG = 0;

  /**
   * The workflows service's base URL, for re-running a run on the latest version of its workflow
   * (`POST /v1/workflows/runs/{id}/rerun {"version": "latest"}`). Unset: only re-runs on the same version.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  WORKFLOWS_URL?: string;
}
