import { type DynamicModule, Module } from '@nestjs/common';
import { CoreServiceModule } from '@flowline/nest-service';
import { ActionsModule } from './actions/actions.module';
import { entities } from './entities';
import { migrations } from './migrations';
import { NodePermissionsModule } from './node-permissions/node-permissions.module';
import { SealedInputsModule } from './sealed-inputs/sealed-inputs.module';
import { SecretsModule } from './secrets/secrets.module';
import { SigningSecretModule } from './signing-secret/signing-secret.module';
import { WorkflowsModule } from './workflows/workflows.module';
import { SERVICE_NAME, type WorkflowsConfig } from './workflows.config';

@Module({})
export class AppModule {
  static forRoot(config: WorkflowsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreServiceModule.forRoot({ name: SERVICE_NAME, config, database: { entities, migrations } }),
        WorkflowsModule,
        NodePermissionsModule,
        SecretsModule,
        SealedInputsModule,
        SigningSecretModule,
        ActionsModule,
      ],
    };
  }
}
