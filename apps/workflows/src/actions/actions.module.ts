import { Module } from '@nestjs/common';
import { NodePermissionsStoreModule } from '../node-permissions/node-permissions-store.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { ActionRepository } from './action.repository';
import { ActionsController } from './actions.controller';
import { ActionsService } from './actions.service';

@Module({
  imports: [WorkflowsModule, NodePermissionsStoreModule],
  controllers: [ActionsController],
  providers: [ActionsService, ActionRepository],
})
export class ActionsModule {}
