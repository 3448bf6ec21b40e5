import { type Entity } from '../entities/entity.model';
import { projectEntity } from './entity-projection';

const entity = {
  identifier: 'checkout',
  title: 'Checkout',
  icon: null,
  blueprint: 'service',
  team: ['payments'],
  properties: { language: 'go', tier: 1 },
  relations: { system: 'shop' },
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'alice',
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'alice',
} as unknown as Entity;

describe('include and exclude on entity searches', () => {
  it('keeps only what include names, and the identifier', () => {
    expect(projectEntity(entity, ['title', 'properties.language'])).toEqual({
      identifier: 'checkout',
      title: 'Checkout',
      properties: { language: 'go' },
    });
  });

  it('removes what exclude names, one level deep too', () => {
    const projected = projectEntity(entity, [], ['relations', 'properties.tier']);
    expect(projected).not.toHaveProperty('relations');
    expect(projected['properties']).toEqual({ language: 'go' });
    expect(entity.properties).toEqual({ language: 'go', tier: 1 });
  });
});
