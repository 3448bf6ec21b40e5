import { Injectable } from '@nestjs/common';
import { ApiError } from '@flowline/nest-service';
import { blueprintDefinitionOf, BlueprintsRepository } from '../blueprints/blueprints.repository';
import { checkQueryAgainstBlueprint, parseEntityQuery } from '../search/entity-query';
import { compileEntityQuery } from '../search/entity-query-sql';
import { entityOf } from './catalog-entity.entity';
import { EntitiesRepository } from './entities.repository';
import { type Entity } from './entity.model';

/** Reading entities: one, all of a blueprint, or those matching a search. */
@Injectable()
export class EntitiesService {
  constructor(
    private readonly entities: EntitiesRepository,
    private readonly blueprints: BlueprintsRepository,
  ) {}

  async get(orgId: string, blueprint: string, identifier: string): Promise<Entity> {
    await this.blueprintOf(orgId, blueprint);
    const row = await this.entities.find(orgId, blueprint, identifier);
    if (!row) throw ApiError.notFound(`entity "${identifier}"`);
    return entityOf(row);
  }

  async list(orgId: string, blueprint: string): Promise<Entity[]> {
    await this.blueprintOf(orgId, blueprint);
    return (await this.entities.list(orgId, blueprint)).map(entityOf);
  }

  async search(orgId: string, blueprint: string, body: unknown): Promise<Entity[]> {
    const definition = await this.blueprintOf(orgId, blueprint);
    const parsed = parseEntityQuery(body);
    if (!parsed.ok) throw ApiError.invalid('invalid search query', parsed.problems);
    const problems = checkQueryAgainstBlueprint(parsed.query, definition);
    if (problems.length > 0) throw ApiError.invalid('invalid search query', problems);
    return (await this.entities.search(orgId, blueprint, compileEntityQuery(parsed.query))).map(entityOf);
  }

  /** Port's `POST /v1/entities/search`: the rules over every blueprint (`$blueprint` narrows it). */
  async searchAll(orgId: string, body: unknown): Promise<Entity[]> {
    const parsed = parseEntityQuery(body);
    if (!parsed.ok) throw ApiError.invalid('invalid search query', parsed.problems);
    return (await this.entities.searchAll(orgId, compileEntityQuery(parsed.query))).map(entityOf);
  }

  private async blueprintOf(orgId: string, blueprint: string) {
    const row = await this.blueprints.find(orgId, blueprint);
    if (!row) throw ApiError.notFound(`blueprint "${blueprint}"`);
    return blueprintDefinitionOf(row);
  }
}
