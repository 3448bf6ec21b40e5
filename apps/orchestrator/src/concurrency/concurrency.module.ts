import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module';
import { RunsModule } from '../runs/runs.module';
import { QueueSweeper } from './queue-sweeper';

/** The queue sweeper; RunAdmission itself lives with the runs (every run transition goes through it). */
@Module({ imports: [MessagingModule, RunsModule], providers: [QueueSweeper] })
export class ConcurrencyModule {}
