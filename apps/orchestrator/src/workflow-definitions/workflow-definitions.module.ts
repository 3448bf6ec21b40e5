import { Module } from '@nestjs/common';
import { WorkflowsClient } from './workflows.client';

/** Reading workflow definitions from the workflows service, which owns them. */
@Module({
  providers: [WorkflowsClient],
  exports: [WorkflowsClient],
})
export class WorkflowDefinitionsModule {}
