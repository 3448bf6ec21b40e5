import { type DynamicModule, Module } from '@nestjs/common';
import { ExecutorRuntimeModule } from '@flowline/executor-runtime';
import { CoreServiceModule } from '@flowline/nest-service';
import { CatalogClient } from './catalog/catalog-client';
import { ExecutorUpsertEntityConfig, SERVICE_NAME } from './executor-upsert-entity.config';
import { UpsertEntityExecutor } from './upsert-entity/upsert-entity.executor';

@Module({})
export class AppModule {
  static forRoot(config: ExecutorUpsertEntityConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // No tables of its own: entities live in the catalog, which this executor only calls.
        CoreServiceModule.forRoot({ name: SERVICE_NAME, config, database: { entities: [], migrations: [] } }),
        ExecutorRuntimeModule.forRoot({
          backend: 'upsert-entity',
          config,
          executor: UpsertEntityExecutor,
          providers: [{ provide: ExecutorUpsertEntityConfig, useValue: config }, CatalogClient],
        }),
      ],
    };
  }
}
