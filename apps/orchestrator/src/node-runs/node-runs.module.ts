import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module';
import { NodeRunLookup } from './node-run-lookup';
import { NodeRunsController } from './node-runs.controller';
import { NodeRunsService } from './node-runs.service';
import { AppendNodeRunLogs } from './use-cases/append-node-run-logs';

@Module({
  imports: [RunsModule],
  controllers: [NodeRunsController],
  providers: [NodeRunLookup, NodeRunsService, AppendNodeRunLogs],
})
export class NodeRunsModule {}
