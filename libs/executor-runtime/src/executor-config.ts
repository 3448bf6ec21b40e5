import { Transform } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { ServiceConfig } from '@flowline/nest-service';

const toNumber = ({ value }: { value: unknown }) => (value === undefined ? value : Number(value));

/** What every executor reads besides the service basics; executor apps extend it with their own. */
export class ExecutorConfig extends ServiceConfig {
  /**
   * Dispatches in flight at once per replica (a call waiting on its target holds one). Executors mostly
   * wait on I/O, so the pool is large; CONSUMER_MAX_IN_FLIGHT_PER_ORG keeps one org from taking it all.
   */
  override CONSUMER_MAX_IN_FLIGHT = 1024;

  override CONSUMER_MAX_IN_FLIGHT_PER_ORG = 768;

  /** The workflows service, whose internal endpoint resolves `{{ .secrets.NAME }}`. */
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'WORKFLOWS_URL must be an http(s) URL' })
  WORKFLOWS_URL!: string;

  /** Worker threads of the jq reference engine that renders node configs. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(16)
  JQ_POOL_SIZE = 2;

  /** Time limit of one jq evaluation, in milliseconds. */
  @Transform(toNumber)
  @IsInt()
  @Min(10)
  @Max(60_000)
  JQ_TIMEOUT_MS = 1000;
}
