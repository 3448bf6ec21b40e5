import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { RunRequestsModule } from '../run-requests/run-requests.module';
import { ActionRunChangesConsumer } from './action-run-changes.consumer';
import { EntityChangesConsumer } from './entity-changes.consumer';
import { MatchEventTriggers } from './use-cases/match-event-triggers';

@Module({
  imports: [DefinitionsModule, RunRequestsModule],
  controllers: [EntityChangesConsumer, ActionRunChangesConsumer],
  providers: [MatchEventTriggers],
})
export class EventRunsModule {}
