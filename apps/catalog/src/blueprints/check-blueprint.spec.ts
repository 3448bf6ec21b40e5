import { checkBlueprint, type BlueprintInput } from './check-blueprint';

const base: BlueprintInput = {
  identifier: 'service',
  title: 'Service',
  schema: { properties: {}, required: [] },
};

function problemsOf(input: Partial<BlueprintInput>): Array<{ path: string; message: string }> {
  const result = checkBlueprint({ ...base, ...input });
  return result.ok ? [] : result.problems;
}

describe('checkBlueprint', () => {
  it('normalises a sound blueprint: relation flags default to false, icon and description to null', () => {
    const result = checkBlueprint({
      ...base,
      schema: {
        properties: {
          language: { type: 'string', enum: ['go', 'ts'], title: 'Language', enumColors: { go: 'blue' } },
          expiresAt: { type: 'string', format: 'timer' },
          tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
          replicas: { type: 'number', minimum: 0, maximum: 10, default: 1 },
        },
        required: ['language', 'language'],
      },
      relations: {
        team: { target: 'team' },
        deps: { target: 'service', many: true, required: true, title: 'Deps' },
      },
    });
    expect(result).toEqual({
      ok: true,
      blueprint: {
        identifier: 'service',
        title: 'Service',
        icon: null,
        description: null,
        schema: {
          properties: {
            language: { type: 'string', enum: ['go', 'ts'], title: 'Language', enumColors: { go: 'blue' } },
            expiresAt: { type: 'string', format: 'timer' },
            tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
            replicas: { type: 'number', minimum: 0, maximum: 10, default: 1 },
          },
          required: ['language'],
        },
        relations: {
          team: { target: 'team', many: false, required: false },
          deps: { target: 'service', many: true, required: true, title: 'Deps' },
        },
      },
    });
  });

  it('reports every bad property definition with its path', () => {
    const problems = problemsOf({
      schema: {
        properties: {
          a: { type: 'text' },
          b: { type: 'number', format: 'email' },
          c: { type: 'string', format: 'ipv4' },
          d: { type: 'string', enum: [] },
          e: { type: 'number', enum: [1, 'two'] },
          f: { type: 'string', items: { type: 'string' } },
          g: { type: 'array', items: { type: 'colour' } },
          h: { type: 'string', minimum: 1 },
          i: { type: 'string', maxLength: -1 },
          j: { type: 'number', default: 'x' },
          'bad name': { type: 'string' },
          k: 'string',
        },
        required: ['a', 'missing'],
      },
    });
    expect(problems.map((p) => p.path)).toEqual([
      'schema.properties.a.type',
      'schema.properties.b.format',
      'schema.properties.c.format',
      'schema.properties.d.enum',
      'schema.properties.e.enum[1]',
      'schema.properties.f.items',
      'schema.properties.g.items.type',
      'schema.properties.h.minimum',
      'schema.properties.i.maxLength',
      'schema.properties.j.default',
      'schema.properties.bad name',
      'schema.properties.k',
      'schema.required[1]',
    ]);
  });

  it('reports every bad relation definition with its path', () => {
    const problems = problemsOf({
      relations: {
        a: { many: true },
        b: { target: 'team', many: 'yes', required: 1 },
        c: { target: 'team', title: 3 },
        d: 'team',
      },
    });
    expect(problems).toEqual([
      { path: 'relations.a.target', message: 'must be a blueprint identifier' },
      { path: 'relations.b.many', message: 'must be a boolean' },
      { path: 'relations.b.required', message: 'must be a boolean' },
      { path: 'relations.c.title', message: 'must be a string' },
      { path: 'relations.d', message: 'must be an object with a target' },
    ]);
  });

  it('checks a default against its own property', () => {
    expect(
      problemsOf({ schema: { properties: { l: { type: 'string', enum: ['go'], default: 'ts' } } } }),
    ).toEqual([{ path: 'schema.properties.l.default', message: 'must be one of: "go"' }]);
  });
});
