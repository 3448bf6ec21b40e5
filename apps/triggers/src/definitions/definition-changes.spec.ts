import { createMessage, DEFINITION_CHANGED_MESSAGE_TYPE } from '@flowline/contracts';
import { deployWorkflow, eventWorkflow, snapshotOf } from '../__tests__/workflow-fixtures';
import { applyDefinitionChange } from './definition-changes';
import { TriggerIndex } from './trigger-index';

const ORG = 'org_a';
const value = (workflow: Record<string, unknown>, orgId = ORG) =>
  JSON.stringify(createMessage(DEFINITION_CHANGED_MESSAGE_TYPE, orgId, { workflow }));

describe('applying the definitions topic to the index', () => {
  it('indexes a definition with its event and self-service triggers', () => {
    const index = new TriggerIndex();
    const snapshot = snapshotOf(
      eventWorkflow('on-prod', { expressions: ['.diff.after.properties.environment == "production"'] }),
      ORG,
      4,
    );
    expect(applyDefinitionChange(index, `${ORG}/on-prod`, value(snapshot))).toEqual({
      kind: 'indexed',
      orgId: ORG,
      identifier: 'on-prod',
      version: 4,
    });
    expect(
      applyDefinitionChange(index, `${ORG}/deploy`, value(snapshotOf(deployWorkflow('deploy'), ORG))),
    ).toMatchObject({
      kind: 'indexed',
    });

    const indexed = index.get(ORG, 'on-prod');
    expect(indexed?.snapshot).toEqual(snapshot);
    expect(indexed?.eventTriggers).toEqual([
      {
        nodeIdentifier: 'on-change',
        eventType: 'ENTITY_UPDATED',
        blueprint: 'service',
        // Normalisation fills the combinator in.
        condition: { expressions: ['.diff.after.properties.environment == "production"'], combinator: 'and' },
      },
    ]);
    expect(index.get(ORG, 'deploy')?.selfServeTriggers).toEqual([
      expect.objectContaining({ nodeIdentifier: 'trigger', published: true }),
    ]);
  });

  it('removes a workflow on a tombstone, keyed org/workflow (org ids may contain slashes)', () => {
    const index = new TriggerIndex();
    applyDefinitionChange(
      index,
      'org/with/slash/wf',
      value(snapshotOf(eventWorkflow('wf'), 'org/with/slash'), 'org/with/slash'),
    );
    expect(index.get('org/with/slash', 'wf')).toBeDefined();
    expect(applyDefinitionChange(index, 'org/with/slash/wf', null)).toEqual({
      kind: 'removed',
      orgId: 'org/with/slash',
      identifier: 'wf',
    });
    expect(index.get('org/with/slash', 'wf')).toBeUndefined();
  });

  it('leaves unpublished event triggers out', () => {
    const index = new TriggerIndex();
    const definition = eventWorkflow('paused');
    const nodes = definition['nodes'] as Array<{ config: Record<string, unknown> }>;
    nodes[0].config['published'] = false;
    applyDefinitionChange(index, `${ORG}/paused`, value(snapshotOf(definition, ORG)));
    expect(index.get(ORG, 'paused')?.eventTriggers).toEqual([]);
  });

  it.each([
    ['not JSON', '{"broken', /not JSON/],
    [
      'another message type',
      JSON.stringify({ ...JSON.parse(value(snapshotOf(eventWorkflow('wf'), ORG))), type: 'X' }),
      /type/,
    ],
    [
      'no version',
      value({ ...snapshotOf(eventWorkflow('wf'), ORG), version: undefined }),
      /workflow\.version/,
    ],
    [
      'an event trigger without a blueprint',
      value({
        ...snapshotOf(eventWorkflow('wf'), ORG),
        nodes: [
          { identifier: 'on-change', config: { type: 'EVENT_TRIGGER', event: { type: 'ENTITY_UPDATED' } } },
        ],
      }),
      /nodes\[0\]\.config\.event\.blueprintIdentifier/,
    ],
    [
      'a self-service trigger without inputs',
      value({
        ...snapshotOf(eventWorkflow('wf'), ORG),
        nodes: [{ identifier: 't', config: { type: 'SELF_SERVE_TRIGGER' } }],
      }),
      /userInputs/,
    ],
    ['a key naming another workflow', value(snapshotOf(eventWorkflow('other'), ORG)), /do not match/],
  ])(
    'skips %s without throwing, and drops the older version it would have replaced',
    (_label, bad, reason) => {
      const index = new TriggerIndex();
      applyDefinitionChange(index, `${ORG}/wf`, value(snapshotOf(eventWorkflow('wf'), ORG)));
      const outcome = applyDefinitionChange(index, `${ORG}/wf`, bad);
      expect(outcome.kind).toBe('skipped');
      expect(outcome.kind === 'skipped' && outcome.reason).toMatch(reason);
      expect(index.get(ORG, 'wf')).toBeUndefined();
    },
  );

  it('skips a tombstone whose key it cannot read', () => {
    expect(applyDefinitionChange(new TriggerIndex(), 'no-slash', null)).toMatchObject({ kind: 'skipped' });
    expect(applyDefinitionChange(new TriggerIndex(), null, null)).toMatchObject({ kind: 'skipped' });
  });
});
