import { Transform } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { ExecutorConfig } from '@flowline/executor-runtime';

export const SERVICE_NAME = 'executor-upsert-entity';

const toNumber = ({ value }: { value: unknown }) => (value === undefined ? value : Number(value));

export class ExecutorUpsertEntityConfig extends ExecutorConfig {
  override PORT = 3013;
  override DATABASE_SCHEMA = 'executor_upsert_entity';

  /** The catalog service, whose entity API (`POST /v1/blueprints/{bp}/entities?upsert=true`) is called. */
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'CATALOG_URL must be an http(s) URL' })
  CATALOG_URL!: string;

  /** Time limit of one catalog call; a node's timeoutSeconds and the attempt's deadline may lower it. */
  @Transform(toNumber)
  @IsInt()
  @Min(100)
  @Max(600_000)
  CATALOG_TIMEOUT_MS = 10_000;
}
