import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { TimerSweeper } from './timer-sweeper';
import { TimersRepository } from './timers.repository';

@Module({
  imports: [EventsModule],
  providers: [TimersRepository, TimerSweeper],
  exports: [TimersRepository],
})
export class TimersModule {}
