import { type BlueprintDefinition } from '../blueprints/blueprint.model';
import { type EntityContent } from './entity.model';
import { checkEntityContent, checkEntityWrite, relationReferences } from './entity-validation';

const blueprint: BlueprintDefinition = {
  identifier: 'service',
  title: 'Service',
  icon: null,
  description: null,
  schema: {
    properties: {
      language: { type: 'string', enum: ['go', 'ts'] },
      replicas: { type: 'number', minimum: 1, maximum: 5 },
      public: { type: 'boolean' },
      config: { type: 'object' },
      tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
      homepage: { type: 'string', format: 'url' },
      owner: { type: 'string', format: 'email' },
      deployedAt: { type: 'string', format: 'date-time' },
      expiresAt: { type: 'string', format: 'timer' },
      notes: { type: 'string', format: 'markdown', minLength: 2, maxLength: 5 },
    },
    required: ['language'],
  },
  relations: {
    team: { target: 'team', many: false, required: true },
    deps: { target: 'service', many: true, required: false },
  },
};

const content = (over: Partial<EntityContent>): EntityContent => ({
  title: null,
  icon: null,
  team: [],
  properties: { language: 'go' },
  relations: { team: 'platform' },
  ...over,
});

describe('checkEntityContent', () => {
  it('accepts an entity that fits its blueprint', () => {
    expect(
      checkEntityContent(
        blueprint,
        content({
          properties: {
            language: 'ts',
            replicas: 3,
            public: false,
            config: { a: 1 },
            tags: ['a', 'b'],
            homepage: 'https://example.com/x',
            owner: 'a@example.com',
            deployedAt: '2026-01-28T10:00:00Z',
            expiresAt: '2026-01-28T10:00:00.123+02:00',
            notes: 'hey',
          },
          relations: { team: 'platform', deps: ['a', 'b'] },
        }),
      ),
    ).toEqual([]);
  });

  it('reports each wrong type with its path', () => {
    const problems = checkEntityContent(
      blueprint,
      content({ properties: { language: 1, replicas: '2', public: 'yes', config: [], tags: 'a' } }),
    );
    expect(problems).toEqual([
      { path: 'properties.language', message: 'must be a string' },
      { path: 'properties.replicas', message: 'must be a number' },
      { path: 'properties.public', message: 'must be a boolean' },
      { path: 'properties.config', message: 'must be an object' },
      { path: 'properties.tags', message: 'must be an array' },
    ]);
  });

  it('reports enums, bounds, lengths, array items and formats', () => {
    const problems = checkEntityContent(
      blueprint,
      content({
        properties: {
          language: 'cobol',
          replicas: 9,
          tags: ['a', 'c', 1],
          homepage: 'example.com',
          owner: 'nobody',
          deployedAt: '2026-01-28',
          expiresAt: 'tomorrow',
          notes: 'much too long',
        },
      }),
    );
    expect(problems).toEqual([
      { path: 'properties.language', message: 'must be one of: "go", "ts"' },
      { path: 'properties.replicas', message: 'must be at most 5' },
      { path: 'properties.tags[1]', message: 'must be one of: "a", "b"' },
      { path: 'properties.tags[2]', message: 'must be a string' },
      { path: 'properties.homepage', message: 'must be a URL with a scheme, e.g. https://example.com' },
      { path: 'properties.owner', message: 'must be an email address' },
      {
        path: 'properties.deployedAt',
        message: 'must be an ISO-8601 date-time with a zone, e.g. 2026-01-28T10:00:00Z',
      },
      {
        path: 'properties.expiresAt',
        message: 'must be an ISO-8601 date-time with a zone, e.g. 2026-01-28T10:00:00Z',
      },
      { path: 'properties.notes', message: 'must be at most 5 characters long' },
    ]);
  });

  it('reports required properties and relations, and unknown ones', () => {
    const problems = checkEntityContent(
      blueprint,
      content({ properties: { colour: 'red' }, relations: { owner: 'x', deps: [] } }),
    );
    expect(problems).toEqual([
      { path: 'properties.colour', message: 'is not a property of blueprint "service"' },
      { path: 'properties.language', message: 'is required' },
      { path: 'relations.owner', message: 'is not a relation of blueprint "service"' },
      { path: 'relations.team', message: 'is required' },
    ]);
  });

  it('wants a list for a many relation and one identifier otherwise', () => {
    expect(checkEntityContent(blueprint, content({ relations: { team: ['a'], deps: 'b' } }))).toEqual([
      { path: 'relations.team', message: 'must be one entity identifier' },
      { path: 'relations.deps', message: 'must be a list of entity identifiers (a "many" relation)' },
    ]);
  });

  it('accepts null for a relation that is not required', () => {
    expect(checkEntityContent(blueprint, content({ relations: { team: 'x', deps: null } }))).toEqual([]);
  });
});

describe('checkEntityWrite', () => {
  it.each([undefined, null, 'platform', ['a', 'b'], []])('accepts team %p', (team) => {
    expect(checkEntityWrite({ team })).toEqual([]);
  });

  it.each([1, [1], { name: 'a' }])('refuses team %p', (team) => {
    expect(checkEntityWrite({ team })).toEqual([
      { path: 'team', message: 'must be a team name or a list of team names' },
    ]);
  });
});

describe('relationReferences', () => {
  it('lists every related entity with the path to blame', () => {
    expect(
      relationReferences(blueprint, content({ relations: { team: 'platform', deps: ['a', 'b'] } })),
    ).toEqual([
      { path: 'relations.team', targetBlueprint: 'team', identifier: 'platform' },
      { path: 'relations.deps[0]', targetBlueprint: 'service', identifier: 'a' },
      { path: 'relations.deps[1]', targetBlueprint: 'service', identifier: 'b' },
    ]);
  });

  it('skips null and undefined relations', () => {
    expect(relationReferences(blueprint, content({ relations: { team: null, nope: 'x' } }))).toEqual([]);
  });
});
