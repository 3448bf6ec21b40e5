import { type BlueprintDefinition } from '../blueprints/blueprint.model';
import {
  forgetUndefinedFields,
  mergeContent,
  newContent,
  normalizeTeam,
  replaceContent,
  sameContent,
} from './entity-content';
import { type EntityContent } from './entity.model';

const blueprint: BlueprintDefinition = {
  identifier: 'service',
  title: 'Service',
  icon: null,
  description: null,
  schema: {
    properties: {
      language: { type: 'string' },
      replicas: { type: 'number', default: 1 },
      tier: { type: 'string', default: 'gold' },
    },
    required: [],
  },
  relations: { team: { target: 'team', many: false, required: false } },
};

const existing: EntityContent = {
  title: 'Checkout',
  icon: 'Service',
  team: ['payments'],
  properties: { language: 'go', replicas: 2, tags: ['a'] },
  relations: { team: 'platform', deps: ['cart'] },
};

describe('mergeContent (upsert with merge)', () => {
  it('keeps every field the write leaves out', () => {
    expect(mergeContent(existing, {})).toEqual(existing);
  });

  it('changes only supplied fields, merging properties and relations key by key', () => {
    expect(
      mergeContent(existing, {
        title: 'Checkout v2',
        properties: { replicas: 3, public: true },
        relations: { deps: ['cart', 'search'] },
      }),
    ).toEqual({
      title: 'Checkout v2',
      icon: 'Service',
      team: ['payments'],
      properties: { language: 'go', replicas: 3, tags: ['a'], public: true },
      relations: { team: 'platform', deps: ['cart', 'search'] },
    });
  });

  it('clears a property sent as null, keeps a relation sent as null as null', () => {
    const merged = mergeContent(existing, { properties: { replicas: null }, relations: { team: null } });
    expect(merged.properties).toEqual({ language: 'go', tags: ['a'] });
    expect(merged.relations).toEqual({ team: null, deps: ['cart'] });
  });

  it('replaces a property value wholesale (arrays and objects are values, not merged)', () => {
    expect(mergeContent(existing, { properties: { tags: ['b'] } }).properties.tags).toEqual(['b']);
  });

  it('clears title and icon sent as null and normalises a single team name', () => {
    expect(mergeContent(existing, { title: null, icon: null, team: 'platform' })).toMatchObject({
      title: null,
      icon: null,
      team: ['platform'],
    });
  });

  it('does not change the existing content object', () => {
    const before = JSON.stringify(existing);
    mergeContent(existing, { properties: { replicas: 9 } });
    expect(JSON.stringify(existing)).toBe(before);
  });
});

describe('newContent and replaceContent', () => {
  it('fills the blueprint defaults into a new entity, the caller winning', () => {
    expect(newContent(blueprint, { properties: { language: 'ts', replicas: 4 } })).toEqual({
      title: null,
      icon: null,
      team: [],
      properties: { language: 'ts', replicas: 4, tier: 'gold' },
      relations: {},
    });
  });

  it('lets a caller leave a defaulted property unset with null', () => {
    expect(newContent(blueprint, { properties: { tier: null } }).properties).toEqual({ replicas: 1 });
  });

  it('replaces everything on upsert without merge', () => {
    expect(replaceContent({ properties: { language: 'ts' } })).toEqual({
      title: null,
      icon: null,
      team: [],
      properties: { language: 'ts' },
      relations: {},
    });
  });
});

describe('sameContent', () => {
  it('ignores key order', () => {
    const reordered = { ...existing, properties: { tags: ['a'], replicas: 2, language: 'go' } };
    expect(sameContent(existing, reordered)).toBe(true);
  });

  it('sees a changed value anywhere', () => {
    expect(sameContent(existing, { ...existing, team: ['other'] })).toBe(false);
    expect(sameContent(existing, { ...existing, relations: { team: 'platform', deps: [] } })).toBe(false);
    expect(sameContent(existing, { ...existing, title: null })).toBe(false);
  });
});

describe('helpers', () => {
  it('normalises team to a list', () => {
    expect(normalizeTeam(undefined)).toEqual([]);
    expect(normalizeTeam(null)).toEqual([]);
    expect(normalizeTeam('a')).toEqual(['a']);
    expect(normalizeTeam(['a', 'b'])).toEqual(['a', 'b']);
  });

  it('forgets properties and relations the blueprint no longer defines', () => {
    expect(forgetUndefinedFields(blueprint, existing)).toMatchObject({
      properties: { language: 'go', replicas: 2 },
      relations: { team: 'platform' },
    });
  });
});
