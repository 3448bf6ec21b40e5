import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module';
import { RunEventsController } from './run-events.controller';
import { RunEventsFeed } from './run-events-feed';
import { WatchRun } from './watch-run';

@Module({
  imports: [RunsModule],
  controllers: [RunEventsController],
  providers: [RunEventsFeed, WatchRun],
})
export class RunEventsModule {}
