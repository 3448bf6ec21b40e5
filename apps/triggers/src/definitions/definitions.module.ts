import { Module } from '@nestjs/common';
import { DefinitionsFeed } from './definitions-feed';
import { TriggerIndex } from './trigger-index';
import { WorkflowLookup } from './workflow-lookup';
import { WorkflowsClient } from './workflows.client';

/** Workflow definitions as this service knows them: the in-memory trigger index and its read-through. */
@Module({
  providers: [
    { provide: TriggerIndex, useFactory: () => new TriggerIndex() },
    DefinitionsFeed,
    WorkflowsClient,
    WorkflowLookup,
  ],
  exports: [TriggerIndex, WorkflowLookup, WorkflowsClient],
})
export class DefinitionsModule {}
