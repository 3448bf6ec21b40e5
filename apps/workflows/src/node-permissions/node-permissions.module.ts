import { Module } from '@nestjs/common';
import { WorkflowsModule } from '../workflows/workflows.module';
import { NodePermissionsController } from './node-permissions.controller';
import { NodePermissionsRepository } from './node-permissions.repository';
import { NodePermissionsService } from './node-permissions.service';

@Module({
  imports: [WorkflowsModule],
  controllers: [NodePermissionsController],
  providers: [NodePermissionsService, NodePermissionsRepository],
})
export class NodePermissionsModule {}
