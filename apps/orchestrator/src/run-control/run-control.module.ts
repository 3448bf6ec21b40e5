import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module';
import { RunsModule } from '../runs/runs.module';
import { WorkflowDefinitionsModule } from '../workflow-definitions/workflow-definitions.module';
import { RunControlController } from './run-control.controller';
import { CancelRun } from './use-cases/cancel-run';
import { RerunRun } from './use-cases/rerun-run';
import { RetryRun } from './use-cases/retry-run';

@Module({
  imports: [MessagingModule, RunsModule, WorkflowDefinitionsModule],
  controllers: [RunControlController],
  providers: [CancelRun, RerunRun, RetryRun],
})
export class RunControlModule {}
