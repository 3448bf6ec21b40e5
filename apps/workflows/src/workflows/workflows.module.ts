import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module';
import { NodePermissionsStoreModule } from '../node-permissions/node-permissions-store.module';
import { WorkflowRepository } from './workflow.repository';
import { WorkflowsController } from './workflows.controller';
import { WorkflowsService } from './workflows.service';

@Module({
  imports: [MessagingModule, NodePermissionsStoreModule],
  controllers: [WorkflowsController],
  providers: [WorkflowsService, WorkflowRepository],
  exports: [WorkflowsService],
})
export class WorkflowsModule {}
