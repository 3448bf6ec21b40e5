import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { RunRequestsModule } from '../run-requests/run-requests.module';
import { RunConfirmation } from './run-confirmation';
import { RunCreationEvents } from './run-creation-events';
import { RunSnapshots } from './run-snapshot';
import { SelfServeRunsController } from './self-serve-runs.controller';
import { SubmitSelfServeRun } from './use-cases/submit-self-serve-run';

@Module({
  imports: [DefinitionsModule, RunRequestsModule],
  controllers: [SelfServeRunsController],
  providers: [SubmitSelfServeRun, RunConfirmation, RunCreationEvents, RunSnapshots],
})
export class SelfServeRunsModule {}
