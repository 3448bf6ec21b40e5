import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';
import { ServiceConfig } from '@flowline/nest-service';

export const SERVICE_NAME = 'triggers';

const toNumber = ({ value }: { value: unknown }) => (value === undefined ? value : Number(value));
const serviceUrl = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class TriggersConfig extends ServiceConfig {
  override PORT = 3003;
  override DATABASE_SCHEMA = 'triggers';

  /** The workflows service: read-through for definitions not indexed yet, and stored node permissions. */
  @IsUrl(serviceUrl)
  WORKFLOWS_URL!: string;

  /**
   * The catalog, searched (with this service's credentials) by the queries of dynamic `policy`
   * permissions. Unset: a trigger whose only way in is a policy admits admins only.
   */
  @IsOptional()
  @IsUrl(serviceUrl)
  CATALOG_URL?: string;

  /**
   * The orchestrator, read once after a run is confirmed for the 201 answer's view of it (`nodeRuns`,
   * `variables`, times). Unset: the answer carries what this service knows.
   */
  @IsOptional()
  @IsUrl(serviceUrl)
  ORCHESTRATOR_URL?: string;

  /**
   * Run requests written in one database transaction at most (group commit): under load, requests that
   * wait for a transaction go together in the next one; alone, a request gets one of its own at once.
   * 1 = a transaction per request.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(500)
  RUN_REQUEST_BATCH_SIZE = 64;

  /** Run-request transactions open at once (never more than DATABASE_POOL_SIZE). */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  RUN_REQUEST_TRANSACTIONS = 2;

  /**
   * How long `POST /v1/workflows/{id}/runs` waits for the run's first event (the orchestrator created it)
   * before answering 202 PENDING instead of 201. 0 = do not wait: answer 201 at once.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(120_000)
  RUN_CREATION_WAIT_MS = 10_000;

  /** An entity change caused by this many workflow-made writes in a row starts no run. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(100)
  MAX_CHAIN_DEPTH = 5;

  /** Worker threads of the JQ engine (form defaults, event conditions). */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(32)
  JQ_POOL_SIZE = 2;

  /** Time limit of one JQ evaluation. */
  @Transform(toNumber)
  @IsInt()
  @Min(10)
  @Max(60_000)
  JQ_TIMEOUT_MS = 1000;

  /**
   * How long boot may take to read the definitions topic up to its end. Consumers of entity changes start
   * only after that, so no event is matched against a half-built index; past this the service refuses to start.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(1000)
  INDEX_CATCH_UP_TIMEOUT_MS = 120_000;

  /** Time limit of one call to the workflows service or the orchestrator. */
  @Transform(toNumber)
  @IsInt()
  @Min(100)
  @Max(60_000)
  SERVICE_CALL_TIMEOUT_MS = 5000;
}
