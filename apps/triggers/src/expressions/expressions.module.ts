import { Global, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { JqEngine } from '@flowline/jq';
import { type TriggersConfig } from '../triggers.config';

/** Stops the JQ worker threads when the service stops. */
@Injectable()
export class JqEngineShutdown implements OnApplicationShutdown {
  constructor(private readonly jq: JqEngine) {}

  async onApplicationShutdown(): Promise<void> {
    await this.jq.close();
  }
}

/** One JQ engine per process (form `{ jqQuery }` defaults, event trigger conditions), bounded by config. */
@Global()
@Module({
  providers: [
    {
      provide: JqEngine,
      inject: ['SERVICE_CONFIG'],
      useFactory: (config: TriggersConfig) =>
        new JqEngine({ poolSize: config.JQ_POOL_SIZE, timeoutMs: config.JQ_TIMEOUT_MS }),
    },
    JqEngineShutdown,
  ],
  exports: [JqEngine],
})
export class ExpressionsModule {}
