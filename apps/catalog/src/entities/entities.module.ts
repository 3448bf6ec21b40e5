import { Module } from '@nestjs/common';
import { BlueprintsModule } from '../blueprints/blueprints.module';
import { EventsModule } from '../events/events.module';
import { TimersModule } from '../timers/timers.module';
import { EntitiesController } from './entities.controller';
import { EntitiesRepository } from './entities.repository';
import { EntitiesService } from './entities.service';
import { EntitySearchController } from './entity-search.controller';
import { DeleteEntity } from './use-cases/delete-entity.use-case';
import { WriteEntity } from './use-cases/write-entity.use-case';

@Module({
  imports: [BlueprintsModule, TimersModule, EventsModule],
  controllers: [EntitiesController, EntitySearchController],
  providers: [EntitiesRepository, EntitiesService, WriteEntity, DeleteEntity],
})
export class EntitiesModule {}
