import { type DynamicModule, Module } from '@nestjs/common';
import { CoreServiceModule } from '@flowline/nest-service';
import { BlueprintsModule } from './blueprints/blueprints.module';
import { type CatalogConfig, SERVICE_NAME } from './catalog.config';
import { databaseEntities } from './database-entities';
import { EntitiesModule } from './entities/entities.module';
import { migrations } from './migrations';
import { TimersModule } from './timers/timers.module';

@Module({})
export class AppModule {
  static forRoot(config: CatalogConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreServiceModule.forRoot({
          name: SERVICE_NAME,
          config,
          database: { entities: databaseEntities, migrations },
        }),
        BlueprintsModule,
        EntitiesModule,
        TimersModule,
      ],
    };
  }
}
