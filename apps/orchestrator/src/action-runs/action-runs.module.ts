import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module';
import { ActionRunRepository } from './action-run.repository';
import { ActionRunsController } from './action-runs.controller';
import { ActionRunsService } from './action-runs.service';

@Module({
  imports: [RunsModule],
  controllers: [ActionRunsController],
  providers: [ActionRunsService, ActionRunRepository],
})
export class ActionRunsModule {}
