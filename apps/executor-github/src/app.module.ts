import { type DynamicModule, Module } from '@nestjs/common';
import { ExecutorRuntimeModule } from '@flowline/executor-runtime';
import { CoreServiceModule } from '@flowline/nest-service';
import { DispatchModule } from './dispatch/dispatch.module';
import { GithubExecutor } from './dispatch/github.executor';
import { entities } from './entities';
import { type ExecutorGithubConfig, SERVICE_NAME } from './executor-github.config';
import { GithubApiModule } from './github-api/github-api.module';
import { migrations } from './migrations';
import { RunTrackingModule } from './run-tracking/run-tracking.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  static forRoot(config: ExecutorGithubConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreServiceModule.forRoot({ name: SERVICE_NAME, config, database: { entities, migrations } }),
        GithubApiModule.forRoot(config),
        ExecutorRuntimeModule.forRoot({
          backend: 'github',
          config,
          executor: GithubExecutor,
          imports: [DispatchModule],
        }),
        RunTrackingModule,
        WebhooksModule,
      ],
    };
  }
}
