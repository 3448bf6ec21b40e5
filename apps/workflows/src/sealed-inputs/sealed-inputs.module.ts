import { Module } from '@nestjs/common';
import { SecretsModule } from '../secrets/secrets.module';
import { InternalSealedInputsController } from './internal-sealed-inputs.controller';
import { SealedInputBox } from './sealed-input-box';

@Module({
  imports: [SecretsModule],
  controllers: [InternalSealedInputsController],
  providers: [SealedInputBox],
})
export class SealedInputsModule {}
