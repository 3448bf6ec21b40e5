import { type BlueprintDefinition } from './blueprint.model';
import { patchBlueprint } from './patch-blueprint';

const current: BlueprintDefinition = {
  identifier: 'service',
  title: 'Service',
  icon: 'Service',
  description: 'A service',
  schema: {
    properties: { language: { type: 'string' }, replicas: { type: 'number' } },
    required: ['language'],
  },
  relations: { team: { target: 'team', many: false, required: false } },
};

describe('patchBlueprint', () => {
  it('changes only what is sent and merges properties and relations key by key', () => {
    expect(
      patchBlueprint(current, {
        title: 'Services',
        schema: { properties: { replicas: null, tier: { type: 'string' } } },
        relations: { deps: { target: 'service', many: true } },
      }),
    ).toEqual({
      identifier: 'service',
      title: 'Services',
      icon: 'Service',
      description: 'A service',
      schema: {
        properties: { language: { type: 'string' }, tier: { type: 'string' } },
        required: ['language'],
      },
      relations: {
        team: { target: 'team', many: false, required: false },
        deps: { target: 'service', many: true },
      },
    });
  });

  it('clears icon and description sent as null, replaces required, removes a relation sent as null', () => {
    const patched = patchBlueprint(current, {
      icon: null,
      description: null,
      schema: { required: [] },
      relations: { team: null },
    });
    expect(patched).toMatchObject({ icon: null, description: null, schema: { required: [] }, relations: {} });
    expect(patched.schema.properties).toEqual(current.schema.properties);
  });
});
