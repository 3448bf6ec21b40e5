import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module';
import { CompleteDispatchedRun } from './complete-dispatched-run';
import { DispatchedRunsRepository } from './dispatched-runs.repository';
import { RunStatusSweeper } from './run-status-sweeper';

/** Which node run each GitHub run belongs to, and completing it from the run's conclusion. */
@Module({
  imports: [MessagingModule],
  providers: [DispatchedRunsRepository, CompleteDispatchedRun, RunStatusSweeper],
  exports: [DispatchedRunsRepository, CompleteDispatchedRun],
})
export class RunTrackingModule {}
