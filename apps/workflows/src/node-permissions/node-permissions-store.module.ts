import { Module } from '@nestjs/common';
import { NodePermissionsRepository } from './node-permissions.repository';

/** The stored node permissions, for the features that read them (the API, and the workflow list). */
@Module({
  providers: [NodePermissionsRepository],
  exports: [NodePermissionsRepository],
})
export class NodePermissionsStoreModule {}
