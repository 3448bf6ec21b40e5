import { Injectable } from '@nestjs/common';
import { type Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { type EntityManager } from 'typeorm';
import { conflictOn, FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION } from '../database-errors';
import { TimersRepository } from '../timers/timers.repository';
import { Blueprint } from './blueprint.entity';
import { type BlueprintDefinition } from './blueprint.model';
import { blueprintDefinitionOf, BlueprintsRepository } from './blueprints.repository';
import { type BlueprintInput, checkBlueprint } from './check-blueprint';
import {
  type CreateBlueprintDto,
  type PatchBlueprintDto,
  type ReplaceBlueprintDto,
} from './dto/blueprint.dto';
import { patchBlueprint } from './patch-blueprint';

/** A blueprint as the API serves it (Port's shape; derived property kinds are always empty). */
export interface BlueprintView extends BlueprintDefinition {
  mirrorProperties: Record<string, never>;
  calculationProperties: Record<string, never>;
  aggregationProperties: Record<string, never>;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

@Injectable()
export class BlueprintsService {
  constructor(
    private readonly blueprints: BlueprintsRepository,
    private readonly timers: TimersRepository,
  ) {}

  async create(principal: Principal, dto: CreateBlueprintDto): Promise<BlueprintView> {
    return this.blueprints.transaction(async (manager) => {
      const blueprint = await this.checked(manager, principal.orgId, dto);
      if (await this.blueprints.find(principal.orgId, dto.identifier, manager)) {
        throw ApiError.conflict(`blueprint "${dto.identifier}" already exists`);
      }
      const now = new Date();
      const row = Object.assign(new Blueprint(), {
        ...blueprint,
        orgId: principal.orgId,
        createdAt: now,
        createdBy: principal.actorId,
        updatedAt: now,
        updatedBy: principal.actorId,
      });
      await this.blueprints
        .insert(manager, row)
        .catch(conflictOn(UNIQUE_VIOLATION, `blueprint "${dto.identifier}" already exists`));
      return viewOf(row);
    });
  }

  async list(orgId: string): Promise<BlueprintView[]> {
    return (await this.blueprints.list(orgId)).map(viewOf);
  }

  async get(orgId: string, identifier: string): Promise<BlueprintView> {
    const row = await this.blueprints.find(orgId, identifier);
    if (!row) throw ApiError.notFound(`blueprint "${identifier}"`);
    return viewOf(row);
  }

  async replace(principal: Principal, identifier: string, dto: ReplaceBlueprintDto): Promise<BlueprintView> {
    return this.change(principal, identifier, dto.identifier, () => ({ ...dto, identifier }));
  }

  async patch(principal: Principal, identifier: string, dto: PatchBlueprintDto): Promise<BlueprintView> {
    return this.change(principal, identifier, dto.identifier, (current) => patchBlueprint(current, dto));
  }

  /** Refused while entities of the blueprint exist or other blueprints relate to it. */
  async delete(orgId: string, identifier: string): Promise<void> {
    await this.blueprints.transaction(async (manager) => {
      if (!(await this.blueprints.findForUpdate(manager, orgId, identifier))) {
        throw ApiError.notFound(`blueprint "${identifier}"`);
      }
      if (await this.blueprints.hasEntities(manager, orgId, identifier)) {
        throw ApiError.conflict(`blueprint "${identifier}" still has entities; delete them first`);
      }
      const referrers = await this.blueprints.relatedFrom(manager, orgId, identifier);
      if (referrers.length > 0) {
        throw ApiError.conflict(
          `blueprints ${referrers.map((b) => `"${b}"`).join(', ')} relate to "${identifier}"`,
        );
      }
      // An entity created since the check still stops the delete (foreign key): answer 409, not 500.
      await this.blueprints
        .delete(manager, orgId, identifier)
        .catch(
          conflictOn(
            FOREIGN_KEY_VIOLATION,
            `blueprint "${identifier}" still has entities; delete them first`,
          ),
        );
    });
  }

  private async change(
    principal: Principal,
    identifier: string,
    bodyIdentifier: string | undefined,
    next: (current: BlueprintDefinition) => BlueprintInput,
  ): Promise<BlueprintView> {
    if (bodyIdentifier !== undefined && bodyIdentifier !== identifier) {
      throw ApiError.invalid('a blueprint cannot be renamed', [
        { path: 'identifier', message: `must be "${identifier}", the blueprint in the path` },
      ]);
    }
    return this.blueprints.transaction(async (manager) => {
      const row = await this.blueprints.findForUpdate(manager, principal.orgId, identifier);
      if (!row) throw ApiError.notFound(`blueprint "${identifier}"`);
      const blueprint = await this.checked(manager, principal.orgId, next(blueprintDefinitionOf(row)));
      Object.assign(row, blueprint, { updatedAt: new Date(), updatedBy: principal.actorId });
      await this.blueprints.update(manager, row);
      // A property that stopped being a timer must not fire; one that became a timer arms on the next write.
      const timerProperties = Object.entries(blueprint.schema.properties)
        .filter(([, schema]) => schema.format === 'timer')
        .map(([name]) => name);
      await this.timers.disarmAllBut(manager, principal.orgId, identifier, timerProperties);
      return viewOf(row);
    });
  }

  /** The definition checks, then relation targets: each must be a blueprint of the org, or this one. */
  private async checked(
    manager: EntityManager,
    orgId: string,
    input: BlueprintInput,
  ): Promise<BlueprintDefinition> {
    const result = checkBlueprint(input);
    if (!result.ok) throw ApiError.invalid(`invalid blueprint "${input.identifier}"`, result.problems);
    const relations = Object.entries(result.blueprint.relations);
    const targets = relations
      .map(([, relation]) => relation.target)
      .filter((target) => target !== input.identifier);
    const found = await this.blueprints.existing(manager, orgId, [...new Set(targets)]);
    const problems = relations
      .filter(([, relation]) => relation.target !== input.identifier && !found.has(relation.target))
      .map(([name, relation]) => ({
        path: `relations.${name}.target`,
        message: `no blueprint "${relation.target}"`,
      }));
    if (problems.length > 0) throw ApiError.invalid(`invalid blueprint "${input.identifier}"`, problems);
    return result.blueprint;
  }
}

function viewOf(row: Blueprint): BlueprintView {
  return {
    ...blueprintDefinitionOf(row),
    mirrorProperties: {},
    calculationProperties: {},
    aggregationProperties: {},
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}
