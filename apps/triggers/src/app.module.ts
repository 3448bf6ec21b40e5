import { type DynamicModule, Module } from '@nestjs/common';
import { CoreServiceModule } from '@flowline/nest-service';
import { ActionRunsModule } from './action-runs/action-runs.module';
import { DefinitionsModule } from './definitions/definitions.module';
import { entities } from './entities';
import { EventRunsModule } from './event-runs/event-runs.module';
import { ExpressionsModule } from './expressions/expressions.module';
import { migrations } from './migrations';
import { SelfServeRunsModule } from './self-serve-runs/self-serve-runs.module';
import { SERVICE_NAME, type TriggersConfig } from './triggers.config';

@Module({})
export class AppModule {
  static forRoot(config: TriggersConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreServiceModule.forRoot({ name: SERVICE_NAME, config, database: { entities, migrations } }),
        ExpressionsModule,
        DefinitionsModule,
        SelfServeRunsModule,
        EventRunsModule,
        ActionRunsModule,
      ],
    };
  }
}
