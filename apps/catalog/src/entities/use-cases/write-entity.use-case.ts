import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type FieldProblem } from '@flowline/contracts';
import { addToOutbox } from '@flowline/nest-database';
import { ApiError } from '@flowline/nest-service';
import { type EntityManager } from 'typeorm';
import { type BlueprintDefinition } from '../../blueprints/blueprint.model';
import { blueprintDefinitionOf, BlueprintsRepository } from '../../blueprints/blueprints.repository';
import { entityChangedOutboxMessage } from '../../events/entity-change-event';
import { timerSchedules } from '../../timers/timer-schedule';
import { TimersRepository } from '../../timers/timers.repository';
import { CatalogEntity, entityOf } from '../catalog-entity.entity';
import { EntitiesRepository } from '../entities.repository';
import {
  forgetUndefinedFields,
  mergeContent,
  newContent,
  replaceContent,
  sameContent,
} from '../entity-content';
import { checkEntityContent, checkEntityWrite, relationReferences } from '../entity-validation';
import {
  contentOf,
  type Entity,
  type EntityContent,
  type EntityWrite,
  type WriteCause,
} from '../entity.model';

/**
 * - `create`: a new entity; 409 if the identifier is taken.
 * - `upsert-merge`: create, or change only the supplied fields (properties and relations key by key).
 * - `upsert-replace`: create, or make the entity exactly what was sent.
 * - `patch`: change only the supplied fields of an existing entity; 404 if there is none.
 */
export type WriteMode = 'create' | 'upsert-merge' | 'upsert-replace' | 'patch';

/** POST's query: `?upsert=true` merges unless `merge=false` (Port's overwrite) is asked for. */
export function postWriteMode(query: { upsert?: boolean; merge?: boolean }): WriteMode {
  if (!query.upsert) return 'create';
  return query.merge === false ? 'upsert-replace' : 'upsert-merge';
}

export interface EntityWriteCommand {
  blueprint: string;
  mode: WriteMode;
  write: EntityWrite;
  cause: WriteCause;
  /** Port's `validation_only`: check everything, answer the entity as it would be, write nothing. */
  validationOnly?: boolean;
}

/**
 * Writes an entity checked against its blueprint, keeps its timers in step, and adds the entity-change
 * event to the outbox, all in one transaction. A write that changes nothing announces nothing.
 */
@Injectable()
export class WriteEntity {
  constructor(
    private readonly entities: EntitiesRepository,
    private readonly blueprints: BlueprintsRepository,
    private readonly timers: TimersRepository,
  ) {}

  async execute(command: EntityWriteCommand): Promise<Entity> {
    const identifier = command.write.identifier ?? generatedIdentifier();
    try {
      return await this.write(command, identifier);
    } catch (error) {
      // Two creates of one identifier raced. An upsert retries and becomes an update; a create is a 409.
      if (!(error instanceof CreateRaceLost)) throw error;
      if (command.mode === 'create') throw ApiError.conflict(`entity "${identifier}" already exists`);
      return this.write(command, identifier);
    }
  }

  private async write(command: EntityWriteCommand, identifier: string): Promise<Entity> {
    const { orgId } = command.cause;
    const result = await this.entities.transaction(async (manager) => {
      const blueprintRow = await this.blueprints.find(orgId, command.blueprint, manager);
      if (!blueprintRow) throw ApiError.notFound(`blueprint "${command.blueprint}"`);
      const blueprint = blueprintDefinitionOf(blueprintRow);
      const existing = await this.entities.findForUpdate(manager, orgId, blueprint.identifier, identifier);
      if (existing && command.mode === 'create')
        throw ApiError.conflict(`entity "${identifier}" already exists`);
      if (!existing && command.mode === 'patch') throw ApiError.notFound(`entity "${identifier}"`);

      const content = nextContent(blueprint, command, existing ? contentOf(entityOf(existing)) : undefined);
      await this.check(manager, command, blueprint, identifier, content);
      if (existing && sameContent(contentOf(entityOf(existing)), content)) {
        return { entity: entityOf(existing), changed: false };
      }
      const now = new Date();
      const row = Object.assign(new CatalogEntity(), {
        orgId,
        blueprint: blueprint.identifier,
        identifier,
        ...content,
        createdAt: existing?.createdAt ?? now,
        createdBy: existing?.createdBy ?? command.cause.actorId,
        updatedAt: now,
        updatedBy: command.cause.actorId,
      });
      if (command.validationOnly) return { entity: entityOf(row), changed: false };
      if (existing) await this.entities.update(manager, row);
      else if (!(await this.entities.insertIfAbsent(manager, row))) throw new CreateRaceLost();
      const key = { orgId, blueprint: blueprint.identifier, entity: identifier };
      await this.timers.sync(manager, key, timerSchedules(blueprint, content.properties));
      const before = existing ? entityOf(existing) : null;
      const after = entityOf(row);
      await addToOutbox(manager, [
        entityChangedOutboxMessage({
          action: existing ? 'UPDATE' : 'CREATE',
          orgId,
          blueprintIdentifier: blueprint.identifier,
          entityIdentifier: identifier,
          before,
          after,
          by: { orgId, userId: command.cause.actorId, actorKind: command.cause.actorKind },
          origin: 'API',
          chainDepth: command.cause.chainDepth,
          runId: command.cause.runId,
          at: now,
        }),
      ]);
      return { entity: after, changed: true };
    });
    return result.entity;
  }

  /** The blueprint's rules, then the related entities: every problem is reported at once. */
  private async check(
    manager: EntityManager,
    command: EntityWriteCommand,
    blueprint: BlueprintDefinition,
    identifier: string,
    content: EntityContent,
  ): Promise<void> {
    const problems = [...checkEntityWrite(command.write), ...checkEntityContent(blueprint, content)];
    const references = relationReferences(blueprint, content).filter(
      // An entity may relate to itself.
      (ref) => !(ref.targetBlueprint === blueprint.identifier && ref.identifier === identifier),
    );
    const byTarget = new Map<string, string[]>();
    for (const ref of references)
      byTarget.set(ref.targetBlueprint, [...(byTarget.get(ref.targetBlueprint) ?? []), ref.identifier]);
    const found = new Map<string, Set<string>>();
    for (const [target, identifiers] of byTarget) {
      found.set(
        target,
        await this.entities.existing(manager, command.cause.orgId, target, [...new Set(identifiers)]),
      );
    }
    for (const ref of references) {
      if (!found.get(ref.targetBlueprint)?.has(ref.identifier)) {
        problems.push({
          path: ref.path,
          message: `no entity "${ref.identifier}" in blueprint "${ref.targetBlueprint}"`,
        });
      }
    }
    if (problems.length > 0) throw invalid(command, problems);
  }
}

function nextContent(
  blueprint: BlueprintDefinition,
  command: EntityWriteCommand,
  existing?: EntityContent,
): EntityContent {
  if (!existing) return newContent(blueprint, command.write);
  if (command.mode === 'upsert-replace') return replaceContent(command.write);
  // Fields the blueprint no longer defines are dropped, so they never block a later write.
  return mergeContent(forgetUndefinedFields(blueprint, existing), command.write);
}

function invalid(command: EntityWriteCommand, problems: FieldProblem[]): ApiError {
  return ApiError.invalid(`entity does not fit blueprint "${command.blueprint}"`, problems);
}

/** Another transaction created the entity between our read and our insert; this one rolls back. */
class CreateRaceLost extends Error {}

function generatedIdentifier(): string {
  return `e_${randomBytes(8).toString('hex')}`;
}
