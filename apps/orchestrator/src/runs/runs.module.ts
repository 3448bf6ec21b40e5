import { Module } from '@nestjs/common';
import { RunAdmission } from '../concurrency/run-admission';
import { MessagingModule } from '../messaging/messaging.module';
import { InternalRunsController } from './internal-runs.controller';
import { JqExpressions, runEngineProvider } from './run-engine.provider';
import { RunEffectWriters } from './run-effect-writers';
import { RunRepository } from './run.repository';
import { RunWork } from './run-work';
import { RunsConsumer } from './runs.consumer';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';
import { RecordNodeResult } from './use-cases/record-node-result';
import { ReportNodeProgress } from './use-cases/report-node-progress';
import { StartRun } from './use-cases/start-run';

@Module({
  imports: [MessagingModule],
  controllers: [RunsController, InternalRunsController, RunsConsumer],
  providers: [
    JqExpressions,
    runEngineProvider,
    RunRepository,
    RunEffectWriters,
    RunAdmission,
    RunWork,
    RunsService,
    StartRun,
    RecordNodeResult,
    ReportNodeProgress,
  ],
  exports: [
    JqExpressions,
    runEngineProvider,
    RunRepository,
    RunEffectWriters,
    RunAdmission,
    RunWork,
    RunsService,
    ReportNodeProgress,
  ],
})
export class RunsModule {}
