import { Module } from '@nestjs/common';
import { RunTrackingModule } from '../run-tracking/run-tracking.module';
import { WorkflowDispatcher } from './workflow-dispatcher';

/** What the GitHub executor needs besides the GitHub API (global) and the runtime. */
@Module({
  imports: [RunTrackingModule],
  providers: [WorkflowDispatcher],
  exports: [WorkflowDispatcher, RunTrackingModule],
})
export class DispatchModule {}
