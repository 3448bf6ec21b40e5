import { Module } from '@nestjs/common';
import { SecretsModule } from '../secrets/secrets.module';
import { InternalSigningKeysController } from './internal-signing-keys.controller';
import { SigningKeysRepository } from './signing-keys.repository';
import { SigningSecretController } from './signing-secret.controller';
import { SigningSecretService } from './signing-secret.service';

@Module({
  imports: [SecretsModule],
  controllers: [SigningSecretController, InternalSigningKeysController],
  providers: [SigningSecretService, SigningKeysRepository],
})
export class SigningSecretModule {}
