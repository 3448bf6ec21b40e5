import { type DynamicModule, Module } from '@nestjs/common';
import { CoreServiceModule } from '@flowline/nest-service';
import { ApiClientsModule } from './api-clients/api-clients.module';
import { entities } from './entities';
import { type GatewayConfig, SERVICE_NAME } from './gateway.config';
import { migrations } from './migrations';
import { RoutingModule } from './routing/routing.module';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreServiceModule.forRoot({ name: SERVICE_NAME, config, database: { entities, migrations } }),
        ApiClientsModule,
        RoutingModule,
      ],
    };
  }
}
