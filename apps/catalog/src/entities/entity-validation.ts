import { type FieldProblem } from '@flowline/contracts';
import { type BlueprintDefinition } from '../blueprints/blueprint.model';
import { checkPropertyValue } from '../blueprints/property-values';
import { type EntityContent, type EntityWrite } from './entity.model';

/** A related entity the write points at; whether it exists is a database question. */
export interface RelationReference {
  path: string;
  targetBlueprint: string;
  identifier: string;
}

/** Shape checks on the write itself that the DTO cannot express (`team` is a name or a list of names). */
export function checkEntityWrite(write: EntityWrite): FieldProblem[] {
  const team = write.team;
  if (team === undefined || team === null || typeof team === 'string') return [];
  if (Array.isArray(team) && team.every((name) => typeof name === 'string')) return [];
  return [{ path: 'team', message: 'must be a team name or a list of team names' }];
}

/**
 * Checks an entity's content against its blueprint: every property and relation is defined by it,
 * has the right type, enum and format, and every required one is set. Reports every problem.
 */
export function checkEntityContent(blueprint: BlueprintDefinition, content: EntityContent): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { properties, required } = blueprint.schema;
  for (const [name, value] of Object.entries(content.properties)) {
    const path = `properties.${name}`;
    const schema = properties[name];
    if (!schema) problems.push({ path, message: `is not a property of blueprint "${blueprint.identifier}"` });
    else if (value !== null) problems.push(...checkPropertyValue(schema, value, path));
  }
  for (const name of required) {
    const value = content.properties[name];
    if (value === undefined || value === null)
      problems.push({ path: `properties.${name}`, message: 'is required' });
  }
  for (const [name, value] of Object.entries(content.relations)) {
    const path = `relations.${name}`;
    const relation = blueprint.relations[name];
    if (!relation) {
      problems.push({ path, message: `is not a relation of blueprint "${blueprint.identifier}"` });
      continue;
    }
    if (value === null) continue;
    if (relation.many) {
      if (!Array.isArray(value) || !value.every((id) => typeof id === 'string' && id !== '')) {
        problems.push({ path, message: 'must be a list of entity identifiers (a "many" relation)' });
      }
    } else if (typeof value !== 'string' || value === '') {
      problems.push({ path, message: 'must be one entity identifier' });
    }
  }
  for (const [name, relation] of Object.entries(blueprint.relations)) {
    const value = content.relations[name];
    const empty = value === undefined || value === null || (Array.isArray(value) && value.length === 0);
    if (relation.required && empty) problems.push({ path: `relations.${name}`, message: 'is required' });
  }
  return problems;
}

/** Every entity the content's relations point at, with the path to blame when one is missing. */
export function relationReferences(
  blueprint: BlueprintDefinition,
  content: EntityContent,
): RelationReference[] {
  const references: RelationReference[] = [];
  for (const [name, value] of Object.entries(content.relations)) {
    const relation = blueprint.relations[name];
    if (!relation || value === null) continue;
    const path = `relations.${name}`;
    if (Array.isArray(value)) {
      value.forEach((identifier, i) =>
        references.push({ path: `${path}[${i}]`, targetBlueprint: relation.target, identifier }),
      );
    } else {
      references.push({ path, targetBlueprint: relation.target, identifier: value });
    }
  }
  return references;
}
