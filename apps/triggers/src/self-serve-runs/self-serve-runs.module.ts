import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { RunRequestsModule } from '../run-requests/run-requests.module';
import { CatalogSearchClient } from './policies/catalog-search.client';
import { PolicyEvaluator } from './policies/policy-evaluator';
import { RunConfirmation } from './run-confirmation';
import { RunCreationEvents } from './run-creation-events';
import { RunSnapshots } from './run-snapshot';
import { SecretInputSealer } from './secret-inputs';
import { SelfServeRunsController } from './self-serve-runs.controller';
import { SubmitSelfServeRun } from './use-cases/submit-self-serve-run';

@Module({
  imports: [DefinitionsModule, RunRequestsModule],
  controllers: [SelfServeRunsController],
  providers: [
    SubmitSelfServeRun,
    RunConfirmation,
    RunCreationEvents,
    CatalogSearchClient,
    PolicyEvaluator,
    RunSnapshots,
    SecretInputSealer,
  ],
  exports: [SubmitSelfServeRun, CatalogSearchClient],
})
export class SelfServeRunsModule {}
