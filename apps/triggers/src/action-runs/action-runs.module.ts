import { Module } from '@nestjs/common';
import { SelfServeRunsModule } from '../self-serve-runs/self-serve-runs.module';
import { ActionRunsController } from './action-runs.controller';
import { ActionsClient } from './actions.client';
import { SubmitActionRun } from './submit-action-run';

@Module({
  imports: [SelfServeRunsModule],
  controllers: [ActionRunsController],
  providers: [SubmitActionRun, ActionsClient],
})
export class ActionRunsModule {}
