import { type DynamicModule, Module } from '@nestjs/common';
import { OutboxEntry, OutboxRelay } from '@flowline/nest-database';
import { CoreServiceModule } from '@flowline/nest-service';
import { migrations } from './migrations';
import { SERVICE_NAME, type WorkflowsConfig } from './workflows.config';

@Module({})
export class AppModule {
  static forRoot(config: WorkflowsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreServiceModule.forRoot({
          name: SERVICE_NAME,
          config,
          database: { entities: [OutboxEntry], migrations },
        }),
      ],
      providers: [OutboxRelay],
    };
  }
}
