import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '@flowline/nest-service';

export const SERVICE_NAME = 'catalog';

export class CatalogConfig extends ServiceConfig {
  override PORT = 3002;
  override DATABASE_SCHEMA = 'catalog';

  /** How often the timer sweeper looks for expired timer properties, in milliseconds. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  TIMER_SWEEP_INTERVAL_MS = 1000;
}
