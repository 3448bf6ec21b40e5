import { Injectable } from '@nestjs/common';
import { addToOutbox } from '@flowline/nest-database';
import { ApiError } from '@flowline/nest-service';
import { BlueprintsRepository } from '../../blueprints/blueprints.repository';
import { entityChangedOutboxMessage } from '../../events/entity-change-event';
import { entityOf } from '../catalog-entity.entity';
import { EntitiesRepository } from '../entities.repository';
import { type Entity, type WriteCause } from '../entity.model';

/** Deletes an entity (and its timers) and announces it with a DELETE event, in one transaction. */
@Injectable()
export class DeleteEntity {
  constructor(
    private readonly entities: EntitiesRepository,
    private readonly blueprints: BlueprintsRepository,
  ) {}

  async execute(blueprint: string, identifier: string, cause: WriteCause): Promise<Entity> {
    const { orgId } = cause;
    const deleted = await this.entities.transaction(async (manager) => {
      if (!(await this.blueprints.find(orgId, blueprint, manager)))
        throw ApiError.notFound(`blueprint "${blueprint}"`);
      const existing = await this.entities.findForUpdate(manager, orgId, blueprint, identifier);
      if (!existing) throw ApiError.notFound(`entity "${identifier}"`);
      await this.entities.delete(manager, orgId, blueprint, identifier);
      const before = entityOf(existing);
      await addToOutbox(manager, [
        entityChangedOutboxMessage({
          action: 'DELETE',
          orgId,
          blueprintIdentifier: blueprint,
          entityIdentifier: identifier,
          before,
          after: null,
          by: { orgId, userId: cause.actorId, actorKind: cause.actorKind },
          origin: 'API',
          chainDepth: cause.chainDepth,
          runId: cause.runId,
          at: new Date(),
        }),
      ]);
      return before;
    });
    return deleted;
  }
}
