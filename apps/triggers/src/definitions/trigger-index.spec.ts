import { type EventType } from '@flowline/workflow-schema';
import { type EventTrigger, type IndexedWorkflow } from './indexed-workflow';
import { TriggerIndex } from './trigger-index';

function workflow(
  orgId: string,
  identifier: string,
  triggers: Array<Partial<EventTrigger> & { eventType: EventType; blueprint: string }>,
  version = 1,
): IndexedWorkflow {
  return {
    orgId,
    identifier,
    version,
    snapshot: { identifier, orgId, version } as IndexedWorkflow['snapshot'],
    eventTriggers: triggers.map((trigger, index) => ({ nodeIdentifier: `trigger-${index}`, ...trigger })),
    selfServeTriggers: [],
  };
}

const ids = (candidates: ReturnType<TriggerIndex['candidatesFor']>) =>
  candidates.map((c) => `${c.workflow.identifier}:${c.triggers.map((t) => t.nodeIdentifier).join('+')}`);

describe('TriggerIndex', () => {
  it('finds the workflows subscribed to an org, event and blueprint, ANY_ENTITY_CHANGE included', () => {
    const index = new TriggerIndex();
    index.put(workflow('org_a', 'on-update', [{ eventType: 'ENTITY_UPDATED', blueprint: 'service' }]));
    index.put(workflow('org_a', 'on-create', [{ eventType: 'ENTITY_CREATED', blueprint: 'service' }]));
    index.put(workflow('org_a', 'on-any', [{ eventType: 'ANY_ENTITY_CHANGE', blueprint: 'service' }]));
    index.put(workflow('org_a', 'other-blueprint', [{ eventType: 'ENTITY_UPDATED', blueprint: 'team' }]));
    index.put(workflow('org_b', 'other-org', [{ eventType: 'ENTITY_UPDATED', blueprint: 'service' }]));

    expect(ids(index.candidatesFor({ orgId: 'org_a', action: 'UPDATE', blueprint: 'service' }))).toEqual([
      'on-update:trigger-0',
      'on-any:trigger-0',
    ]);
    expect(ids(index.candidatesFor({ orgId: 'org_a', action: 'CREATE', blueprint: 'service' }))).toEqual([
      'on-create:trigger-0',
      'on-any:trigger-0',
    ]);
    expect(ids(index.candidatesFor({ orgId: 'org_a', action: 'DELETE', blueprint: 'service' }))).toEqual([
      'on-any:trigger-0',
    ]);
    expect(index.candidatesFor({ orgId: 'org_c', action: 'UPDATE', blueprint: 'service' })).toEqual([]);
  });

  it('fires TIMER_EXPIRED triggers only for their timer property, and never from ANY_ENTITY_CHANGE', () => {
    const index = new TriggerIndex();
    index.put(
      workflow('org_a', 'on-expiry', [
        { eventType: 'TIMER_EXPIRED', blueprint: 'service', propertyIdentifier: 'ttl' },
        { eventType: 'TIMER_EXPIRED', blueprint: 'service', propertyIdentifier: 'review' },
      ]),
    );
    index.put(workflow('org_a', 'on-any', [{ eventType: 'ANY_ENTITY_CHANGE', blueprint: 'service' }]));
    const timer = { orgId: 'org_a', action: 'TIMER_EXPIRED', blueprint: 'service' } as const;
    expect(ids(index.candidatesFor({ ...timer, propertyIdentifier: 'ttl' }))).toEqual([
      'on-expiry:trigger-0',
    ]);
    expect(ids(index.candidatesFor({ ...timer, propertyIdentifier: 'review' }))).toEqual([
      'on-expiry:trigger-1',
    ]);
    expect(index.candidatesFor({ ...timer, propertyIdentifier: 'other' })).toEqual([]);
  });

  it('finds the automations on an action’s run changes, keyed on the action, apart from entity events', () => {
    const index = new TriggerIndex();
    index.put(workflow('org_a', 'on-deploy-created', [{ eventType: 'RUN_CREATED', blueprint: 'deploy' }]));
    index.put(workflow('org_a', 'on-deploy-updated', [{ eventType: 'RUN_UPDATED', blueprint: 'deploy' }]));
    index.put(workflow('org_a', 'on-deploy-any', [{ eventType: 'ANY_RUN_CHANGE', blueprint: 'deploy' }]));
    index.put(workflow('org_a', 'on-other-action', [{ eventType: 'RUN_UPDATED', blueprint: 'restart' }]));
    index.put(workflow('org_a', 'on-entity', [{ eventType: 'ANY_ENTITY_CHANGE', blueprint: 'deploy' }]));

    expect(ids(index.candidatesForRunChange('org_a', 'UPDATE', 'deploy'))).toEqual([
      'on-deploy-updated:trigger-0',
      'on-deploy-any:trigger-0',
    ]);
    expect(ids(index.candidatesForRunChange('org_a', 'CREATE', 'deploy'))).toEqual([
      'on-deploy-created:trigger-0',
      'on-deploy-any:trigger-0',
    ]);
    expect(index.candidatesForRunChange('org_b', 'UPDATE', 'deploy')).toEqual([]);
    expect(ids(index.candidatesFor({ orgId: 'org_a', action: 'UPDATE', blueprint: 'deploy' }))).toEqual([
      'on-entity:trigger-0',
    ]);
  });

  it('groups several triggers of one workflow, in node order', () => {
    const index = new TriggerIndex();
    index.put(
      workflow('org_a', 'two-ways-in', [
        { eventType: 'ANY_ENTITY_CHANGE', blueprint: 'service' },
        { eventType: 'ENTITY_UPDATED', blueprint: 'service' },
        { eventType: 'ENTITY_UPDATED', blueprint: 'team' },
      ]),
    );
    expect(ids(index.candidatesFor({ orgId: 'org_a', action: 'UPDATE', blueprint: 'service' }))).toEqual([
      'two-ways-in:trigger-0+trigger-1',
    ]);
  });

  it('replaces a workflow with its new version: old subscriptions are gone, new ones found', () => {
    const index = new TriggerIndex();
    index.put(workflow('org_a', 'wf', [{ eventType: 'ENTITY_UPDATED', blueprint: 'service' }], 1));
    index.put(workflow('org_a', 'wf', [{ eventType: 'ENTITY_CREATED', blueprint: 'team' }], 2));

    expect(index.candidatesFor({ orgId: 'org_a', action: 'UPDATE', blueprint: 'service' })).toEqual([]);
    const [found] = index.candidatesFor({ orgId: 'org_a', action: 'CREATE', blueprint: 'team' });
    expect(found.workflow.version).toBe(2);
    expect(index.get('org_a', 'wf')?.version).toBe(2);
    expect(index.stats()).toEqual({ workflows: 1, buckets: 1, eventTriggers: 1 });
  });

  it('forgets a deleted workflow, and only that one', () => {
    const index = new TriggerIndex();
    index.put(workflow('org_a', 'gone', [{ eventType: 'ENTITY_UPDATED', blueprint: 'service' }]));
    index.put(workflow('org_a', 'kept', [{ eventType: 'ENTITY_UPDATED', blueprint: 'service' }]));
    expect(index.remove('org_a', 'gone')).toBe(true);
    expect(index.remove('org_a', 'gone')).toBe(false);
    expect(index.get('org_a', 'gone')).toBeUndefined();
    expect(ids(index.candidatesFor({ orgId: 'org_a', action: 'UPDATE', blueprint: 'service' }))).toEqual([
      'kept:trigger-0',
    ]);
    index.remove('org_a', 'kept');
    expect(index.stats()).toEqual({ workflows: 0, buckets: 0, eventTriggers: 0 });
  });

  it('keeps workflows without event triggers for self-service lookups', () => {
    const index = new TriggerIndex();
    index.put(workflow('org_a', 'self-serve-only', []));
    expect(index.get('org_a', 'self-serve-only')?.identifier).toBe('self-serve-only');
    expect(index.get('org_b', 'self-serve-only')).toBeUndefined();
    expect(index.stats().buckets).toBe(0);
  });

  it('indexes 5,000 workflows and answers a lookup without touching the workflows that do not match', () => {
    const index = new TriggerIndex();
    const touched = new Set<string>();
    // Every workflow and trigger records any read of its fields, so a scan would show.
    const watched = <T extends object>(target: T, name: string): T =>
      new Proxy(target, {
        get(object, property, receiver) {
          touched.add(name);
          return Reflect.get(object, property, receiver);
        },
      });
    const blueprints = ['service', 'team', 'cluster', 'database', 'user'];
    const events: EventType[] = ['ENTITY_CREATED', 'ENTITY_UPDATED', 'ENTITY_DELETED'];
    const expected: string[] = [];
    for (let i = 0; i < 5000; i += 1) {
      const orgId = `org_${i % 10}`;
      const eventType = i === 4242 ? 'ANY_ENTITY_CHANGE' : events[i % 3];
      const blueprint = blueprints[Math.floor(i / 10) % 5];
      const identifier = `wf-${i}`;
      const trigger = watched<EventTrigger>({ nodeIdentifier: 'trigger', eventType, blueprint }, identifier);
      index.put(watched({ ...workflow(orgId, identifier, []), eventTriggers: [trigger] }, identifier));
      const fits = eventType === 'ENTITY_UPDATED' || eventType === 'ANY_ENTITY_CHANGE';
      if (orgId === 'org_2' && blueprint === 'cluster' && fits) expected.push(identifier);
    }
    expect(index.stats()).toEqual({ workflows: 5000, buckets: 10 * 5 * 3 + 1, eventTriggers: 5000 });

    touched.clear();
    const found = index
      .candidatesFor({ orgId: 'org_2', action: 'UPDATE', blueprint: 'cluster' })
      .map((c) => c.workflow.identifier);

    expect(found.sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(50);
    expect([...touched].sort()).toEqual(expected.sort());
  });
});
