import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module';
import { WorkflowDefinitionsModule } from '../workflow-definitions/workflow-definitions.module';
import { DryRunController } from './dry-run.controller';
import { DryRunWorkflow } from './use-cases/dry-run-workflow';

@Module({
  imports: [RunsModule, WorkflowDefinitionsModule],
  controllers: [DryRunController],
  providers: [DryRunWorkflow],
})
export class DryRunModule {}
