import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module';
import { RunsModule } from '../runs/runs.module';
import { ProcessedMessagesRetention } from './processed-messages-retention';
import { TimerSweeper } from './timer-sweeper';

@Module({ imports: [MessagingModule, RunsModule], providers: [TimerSweeper, ProcessedMessagesRetention] })
export class TimersModule {}
