import { OutboxEntry } from '@flowline/nest-database';
import { Blueprint } from './blueprints/blueprint.entity';
import { CatalogEntity } from './entities/catalog-entity.entity';
import { EntityTimer } from './timers/entity-timer.entity';

/** Every TypeORM entity of this service; the migrations create exactly these tables. */
export const databaseEntities = [OutboxEntry, Blueprint, CatalogEntity, EntityTimer];
