import { Module } from '@nestjs/common';
import { WorkflowsModule } from '../workflows/workflows.module';
import { NodePermissionsController } from './node-permissions.controller';
import { NodePermissionsStoreModule } from './node-permissions-store.module';
import { NodePermissionsService } from './node-permissions.service';

@Module({
  imports: [WorkflowsModule, NodePermissionsStoreModule],
  controllers: [NodePermissionsController],
  providers: [NodePermissionsService],
})
export class NodePermissionsModule {}
