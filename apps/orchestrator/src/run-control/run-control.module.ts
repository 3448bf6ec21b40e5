import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module';
import { RunsModule } from '../runs/runs.module';
import { RunControlController } from './run-control.controller';
import { CancelRun } from './use-cases/cancel-run';
import { RerunRun } from './use-cases/rerun-run';
import { RetryRun } from './use-cases/retry-run';
import { WorkflowsClient } from './workflows.client';

@Module({
  imports: [MessagingModule, RunsModule],
  controllers: [RunControlController],
  providers: [CancelRun, RerunRun, RetryRun, WorkflowsClient],
})
export class RunControlModule {}
