import { type INestApplication, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type GatewayConfig } from '../gateway.config';
import { PostgresRateLimiter } from '../rate-limits/postgres-rate-limiter';
import { PublicApiRouter, RATE_LIMITER } from './public-api-router';
import { UpstreamForwarder } from './upstream-forwarder';

@Module({
  providers: [
    UpstreamForwarder,
    PublicApiRouter,
    {
      provide: RATE_LIMITER,
      useFactory: (config: GatewayConfig, dataSource: DataSource) =>
        new PostgresRateLimiter(dataSource, config.RATE_LIMIT_PER_MINUTE, 60),
      inject: ['SERVICE_CONFIG', DataSource],
    },
  ],
  exports: [PublicApiRouter],
})
export class RoutingModule {}

/**
 * Puts the router in front of Nest. Call it before `app.init()` (startService's `beforeInit`), so it runs
 * ahead of the body parsers Nest installs at init and request bodies reach services as they were sent.
 */
export function installPublicApiRouter(app: INestApplication): void {
  const router = app.get(PublicApiRouter);
  app.use(router.handle.bind(router));
}
