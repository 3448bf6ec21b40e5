import { generatedEntityIdentifier } from './entity-identifier';
import { parseEntityUpsert } from './entity-upsert';

const node = { orgId: 'org_a', nodeRunId: 'wfnr_AAAAAAAAAAAAAAAA' };
const parse = (config: Record<string, unknown>) =>
  parseEntityUpsert({ type: 'UPSERT_ENTITY', ...config }, node);

describe('parseEntityUpsert', () => {
  it('turns a full mapping into the catalog write, arrays and nested values untouched', () => {
    expect(
      parse({
        blueprintIdentifier: 'service',
        mapping: {
          identifier: 'svc-a',
          title: 'Service A',
          icon: 'Service',
          team: ['platform', 'sre'],
          properties: { language: 'ts', tags: ['a', 'b'], config: { x: 1 } },
          relations: { dependsOn: ['svc-b', 'svc-c'], team: null },
        },
      }),
    ).toEqual({
      ok: true,
      upsert: {
        blueprint: 'service',
        generatedIdentifier: false,
        body: {
          identifier: 'svc-a',
          title: 'Service A',
          icon: 'Service',
          team: ['platform', 'sre'],
          properties: { language: 'ts', tags: ['a', 'b'], config: { x: 1 } },
          relations: { dependsOn: ['svc-b', 'svc-c'], team: null },
        },
      },
    });
  });

  it('generates the identifier from the node run when the mapping has none (or renders null)', () => {
    const expected = generatedEntityIdentifier('org_a', 'wfnr_AAAAAAAAAAAAAAAA');
    for (const mapping of [{}, { identifier: null }]) {
      expect(parse({ blueprintIdentifier: 'service', mapping })).toEqual({
        ok: true,
        upsert: { blueprint: 'service', generatedIdentifier: true, body: { identifier: expected } },
      });
    }
  });

  it('writes only what the mapping supplies: absent fields stay as they are, null clears title and icon', () => {
    const parsed = parse({
      blueprintIdentifier: 'service',
      mapping: { identifier: 'svc-a', title: null, properties: null, relations: undefined, unknown: 1 },
    });
    expect(parsed.ok && parsed.upsert.body).toEqual({ identifier: 'svc-a', title: null });
  });

  it('writes numbers and booleans rendered into identifier, title and icon as text', () => {
    const parsed = parse({ blueprintIdentifier: 'build', mapping: { identifier: 42, title: true, icon: 7 } });
    expect(parsed.ok && parsed.upsert.body).toEqual({ identifier: '42', title: 'true', icon: '7' });
  });

  it('leaves team values to the catalog to judge', () => {
    const parsed = parse({ blueprintIdentifier: 'service', mapping: { identifier: 'a', team: 'platform' } });
    expect(parsed.ok && parsed.upsert.body.team).toBe('platform');
  });

  it('lists every problem of a bad config', () => {
    expect(
      parse({
        blueprintIdentifier: '',
        mapping: { identifier: { id: 1 }, title: ['x'], properties: 'none', relations: [1] },
      }),
    ).toEqual({
      ok: false,
      problems: [
        'blueprintIdentifier must be non-empty text, got text ""',
        'mapping.identifier must be text, got object',
        'mapping.title must be text, got an array',
        'mapping.properties must be an object, got text "none"',
        'mapping.relations must be an object, got an array',
      ],
    });
    expect(parse({ blueprintIdentifier: 'service', mapping: { identifier: '' } })).toEqual({
      ok: false,
      problems: ['mapping.identifier must not be empty'],
    });
    expect(parse({ blueprintIdentifier: null, mapping: 'x' })).toEqual({
      ok: false,
      problems: [
        'blueprintIdentifier must be non-empty text, got null',
        'mapping must be an object, got text "x"',
      ],
    });
  });
});
