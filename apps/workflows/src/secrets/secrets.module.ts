import { Module } from '@nestjs/common';
import { type WorkflowsConfig } from '../workflows.config';
import { InternalSecretsController } from './internal-secrets.controller';
import { SecretBox } from './secret-box';
import { SecretsController } from './secrets.controller';
import { SecretsRepository } from './secrets.repository';
import { SecretsService } from './secrets.service';

@Module({
  controllers: [SecretsController, InternalSecretsController],
  providers: [
    SecretsService,
    SecretsRepository,
    {
      provide: SecretBox,
      useFactory: (config: WorkflowsConfig) => SecretBox.fromBase64(config.SECRETS_ENCRYPTION_KEY),
      inject: ['SERVICE_CONFIG'],
    },
  ],
  exports: [SecretBox],
})
export class SecretsModule {}
