import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module';
import { RunRequestRepository } from './run-request.repository';

/** Requesting runs: the idempotency records and the outbox they are written with. */
@Module({
  imports: [MessagingModule],
  providers: [RunRequestRepository],
  exports: [RunRequestRepository, MessagingModule],
})
export class RunRequestsModule {}
