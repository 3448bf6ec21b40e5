import { type DynamicModule, Module } from '@nestjs/common';
import { CoreServiceModule } from '@flowline/nest-service';
import { ActionRunsModule } from './action-runs/action-runs.module';
import { ApprovalsModule } from './approvals/approvals.module';
import { ClaimsModule } from './claims/claims.module';
import { ConcurrencyModule } from './concurrency/concurrency.module';
import { DryRunModule } from './dry-run/dry-run.module';
import { entities } from './entities';
import { migrations } from './migrations';
import { NodeRunsModule } from './node-runs/node-runs.module';
import { SERVICE_NAME, type OrchestratorConfig } from './orchestrator.config';
import { RunControlModule } from './run-control/run-control.module';
import { RunEventsModule } from './run-events/run-events.module';
import { RunsModule } from './runs/runs.module';
import { TimersModule } from './timers/timers.module';

@Module({})
export class AppModule {
  static forRoot(config: OrchestratorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreServiceModule.forRoot({ name: SERVICE_NAME, config, database: { entities, migrations } }),
        RunsModule,
        ActionRunsModule,
        NodeRunsModule,
        ClaimsModule,
        TimersModule,
        RunControlModule,
        ConcurrencyModule,
        ApprovalsModule,
        DryRunModule,
        RunEventsModule,
      ],
    };
  }
}
