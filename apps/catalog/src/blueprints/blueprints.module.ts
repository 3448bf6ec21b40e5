import { Module } from '@nestjs/common';
import { TimersModule } from '../timers/timers.module';
import { BlueprintsController } from './blueprints.controller';
import { BlueprintsRepository } from './blueprints.repository';
import { BlueprintsService } from './blueprints.service';

@Module({
  imports: [TimersModule],
  controllers: [BlueprintsController],
  providers: [BlueprintsRepository, BlueprintsService],
  exports: [BlueprintsRepository],
})
export class BlueprintsModule {}
