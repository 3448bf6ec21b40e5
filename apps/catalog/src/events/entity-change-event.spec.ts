import { EntityChangedMessage, type EntitySnapshot, Topics, validateMessage } from '@flowline/contracts';
import { type EntityChange, entityChangedMessage, entityChangedOutboxMessage } from './entity-change-event';

const snapshot = (over: Partial<EntitySnapshot> = {}): EntitySnapshot => ({
  identifier: 'checkout',
  title: 'Checkout',
  icon: null,
  blueprint: 'service',
  team: ['payments'],
  properties: { language: 'go' },
  relations: { team: 'platform' },
  createdAt: '2026-01-28T10:00:00.000Z',
  createdBy: 'alice',
  updatedAt: '2026-01-28T10:00:00.000Z',
  updatedBy: 'alice',
  ...over,
});

const change = (over: Partial<EntityChange>): EntityChange => ({
  action: 'CREATE',
  orgId: 'org_a',
  blueprintIdentifier: 'service',
  entityIdentifier: 'checkout',
  before: null,
  after: snapshot(),
  by: { orgId: 'org_a', userId: 'alice', actorKind: 'user' },
  origin: 'API',
  chainDepth: 0,
  at: new Date('2026-01-28T10:00:00.000Z'),
  ...over,
});

describe('entity-change events', () => {
  it('builds the reference §4 shape in the envelope for a create', () => {
    expect(entityChangedMessage(change({}))).toEqual({
      id: expect.stringMatching(/^msg_[A-Za-z0-9]{16}$/),
      type: 'ENTITY_CHANGED',
      occurredAt: '2026-01-28T10:00:00.000Z',
      orgId: 'org_a',
      action: 'CREATE',
      resourceType: 'entity',
      trigger: {
        by: { orgId: 'org_a', userId: 'alice', actorKind: 'user' },
        origin: 'API',
        at: '2026-01-28T10:00:00.000Z',
      },
      context: { blueprintIdentifier: 'service', entityIdentifier: 'checkout', propertyIdentifier: null },
      diff: { before: null, after: snapshot() },
      chainDepth: 0,
    });
  });

  it('carries before and after for an update, before only for a delete', () => {
    const before = snapshot();
    const after = snapshot({ properties: { language: 'ts' }, updatedAt: '2026-01-28T11:00:00.000Z' });
    expect(entityChangedMessage(change({ action: 'UPDATE', before, after })).diff).toEqual({ before, after });
    expect(entityChangedMessage(change({ action: 'DELETE', before, after: null })).diff).toEqual({
      before,
      after: null,
    });
  });

  it('names the timer property of a TIMER_EXPIRED event', () => {
    const message = entityChangedMessage(
      change({
        action: 'TIMER_EXPIRED',
        propertyIdentifier: 'expiresAt',
        by: { orgId: 'org_a', actorKind: 'system' },
        origin: 'TIMER',
      }),
    );
    expect(message.context.propertyIdentifier).toBe('expiresAt');
    expect(validateMessage(EntityChangedMessage, message).ok).toBe(true);
  });

  it('gives every event its own id', () => {
    expect(entityChangedMessage(change({})).id).not.toBe(entityChangedMessage(change({})).id);
  });

  it.each([
    ['CREATE', null, snapshot()],
    ['UPDATE', snapshot(), snapshot()],
    ['DELETE', snapshot(), null],
  ] as const)('validates a %s event against the contract class', (action, before, after) => {
    expect(
      validateMessage(EntityChangedMessage, entityChangedMessage(change({ action, before, after }))).ok,
    ).toBe(true);
  });

  it.each([
    ['CREATE', snapshot(), snapshot()],
    ['UPDATE', null, snapshot()],
    ['DELETE', snapshot(), snapshot()],
    ['TIMER_EXPIRED', null, null],
  ] as const)('the contract refuses a %s event with the wrong diff sides', (action, before, after) => {
    const result = validateMessage(
      EntityChangedMessage,
      entityChangedMessage(change({ action, before, after })),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.path)).toContain('diff');
  });

  it('the contract reports bad fields with their paths', () => {
    const message = {
      ...entityChangedMessage(change({})),
      action: 'RENAME',
      resourceType: 'run',
      chainDepth: -1,
      diff: { before: null, after: { ...snapshot(), team: 'payments', createdAt: 'yesterday' } },
    };
    const result = validateMessage(EntityChangedMessage, message);
    expect(!result.ok && result.problems.map((p) => p.path).sort()).toEqual(
      ['action', 'chainDepth', 'diff.after.createdAt', 'diff.after.team', 'resourceType'].sort(),
    );
  });

  it('becomes an outbox row on the entity-changed topic keyed org/blueprint/entity', () => {
    expect(entityChangedOutboxMessage(change({}))).toEqual({
      topic: Topics.entityChanged,
      key: 'org_a/service/checkout',
      orgId: 'org_a',
      message: expect.objectContaining({ type: 'ENTITY_CHANGED', action: 'CREATE' }),
    });
  });
});
