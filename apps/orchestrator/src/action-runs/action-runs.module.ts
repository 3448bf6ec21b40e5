import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module';
import { ActionRunAnnouncer } from './action-run-announcer';
import { ActionRunRepository } from './action-run.repository';
import { ActionRunsController } from './action-runs.controller';
import { ActionRunsService } from './action-runs.service';
import { EntityChangesConsumer } from './entity-changes.consumer';
import { RecordEntityChange } from './record-entity-change';

@Module({
  imports: [RunsModule],
  controllers: [ActionRunsController, EntityChangesConsumer],
  providers: [ActionRunsService, ActionRunRepository, RecordEntityChange, ActionRunAnnouncer],
})
export class ActionRunsModule {}
