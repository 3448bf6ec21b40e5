import { type DynamicModule, Module } from '@nestjs/common';
import { ExecutorRuntimeModule, SigningKeyResolver } from '@flowline/executor-runtime';
import { CoreServiceModule } from '@flowline/nest-service';
import { ExecutorWebhookConfig, SERVICE_NAME } from './executor-webhook.config';
import { AddressPolicy } from './outbound/address-policy';
import { OutboundHttpClient } from './outbound/outbound-http-client';
import { WebhookExecutor } from './webhook/webhook.executor';

@Module({})
export class AppModule {
  static forRoot(config: ExecutorWebhookConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // No tables of its own: the executor keeps no state beyond its in-memory caches.
        CoreServiceModule.forRoot({ name: SERVICE_NAME, config, database: { entities: [], migrations: [] } }),
        ExecutorRuntimeModule.forRoot({
          backend: 'webhook',
          config,
          executor: WebhookExecutor,
          providers: [
            { provide: ExecutorWebhookConfig, useValue: config },
            { provide: AddressPolicy, useValue: AddressPolicy.fromAllowlist(config.WEBHOOK_ALLOWED_HOSTS) },
            OutboundHttpClient,
            SigningKeyResolver,
          ],
        }),
      ],
    };
  }
}
