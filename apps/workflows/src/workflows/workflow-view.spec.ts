import { DefinitionChangedMessage, Topics, validateMessage } from '@flowline/contracts';
import { definitionChanged, definitionRemoved } from './definition-changed';
import { findNode, type StoredWorkflow, toVersionSummary, toWorkflowView } from './workflow-view';

const created = new Date('2026-01-01T10:00:00.000Z');
const saved = new Date('2026-01-02T11:00:00.000Z');

function stored(overrides: Partial<StoredWorkflow['head']> = {}): StoredWorkflow {
  return {
    head: {
      orgId: 'org_a',
      identifier: 'deploy',
      isDeleted: false,
      deletedAt: null,
      deletedBy: null,
      createdBy: 'alice',
      createdAt: created,
      ...overrides,
    },
    version: {
      version: 3,
      createdBy: 'bob',
      createdAt: saved,
      submitted: {
        identifier: 'deploy',
        nodes: [{ identifier: 'check', config: { type: 'CONDITION', outlets: [] } }],
      },
      definition: {
        identifier: 'deploy',
        allowAnyoneToViewRuns: true,
        nodes: [{ identifier: 'check', config: { type: 'CONDITION', options: [] }, variables: {} }],
        connections: [],
      },
    },
  };
}

describe('workflow responses', () => {
  it('answers in the full normalised form with the server fields; the version author is updatedBy', () => {
    expect(toWorkflowView(stored())).toEqual({
      identifier: 'deploy',
      allowAnyoneToViewRuns: true,
      nodes: [
        {
          identifier: 'check',
          config: { type: 'CONDITION', options: [], conditions: [], defaultConnectionIdentifier: null },
          variables: {},
        },
      ],
      connections: [],
      orgId: 'org_a',
      version: 3,
      createdBy: 'alice',
      updatedBy: 'bob',
      createdAt: '2026-01-01T10:00:00.000Z',
      updatedAt: '2026-01-02T11:00:00.000Z',
      isDeleted: false,
    });
  });

  it('answers in the canonical spelling when asked', () => {
    const view = toWorkflowView(stored(), 'canonical');
    expect(view['connections']).toEqual([]);
    expect(findNode(view, 'check')).toEqual({
      identifier: 'check',
      config: { type: 'CONDITION', options: [] },
      variables: {},
    });
  });

  it('server fields always win over anything stored under the same name', () => {
    const record = stored();
    record.version.definition = { ...record.version.definition, version: 99, orgId: 'org_evil' };
    expect(toWorkflowView(record)).toMatchObject({ version: 3, orgId: 'org_a' });
  });

  it('says when and by whom a workflow was deleted', () => {
    const deletedAt = new Date('2026-02-01T00:00:00.000Z');
    expect(toWorkflowView(stored({ isDeleted: true, deletedAt, deletedBy: 'carol' }))).toMatchObject({
      isDeleted: true,
      deletedAt: '2026-02-01T00:00:00.000Z',
      deletedBy: 'carol',
    });
  });

  it('finds a node by identifier, or nothing', () => {
    const view = toWorkflowView(stored());
    expect(findNode(view, 'check')).toMatchObject({ identifier: 'check' });
    expect(findNode(view, 'missing')).toBeUndefined();
    expect(findNode({ nodes: 'garbage' }, 'check')).toBeUndefined();
  });

  it('summarises a version', () => {
    expect(
      toVersionSummary({ workflowIdentifier: 'deploy', version: 2, createdBy: 'bob', createdAt: saved }),
    ).toEqual({ identifier: 'deploy', version: 2, createdBy: 'bob', createdAt: '2026-01-02T11:00:00.000Z' });
  });
});

describe('definition-changed messages', () => {
  it('carries the canonical latest version with the server fields, keyed org/workflow', () => {
    const entry = definitionChanged(stored(), saved);
    expect(entry.topic).toBe(Topics.definitionChanged);
    expect(entry.key).toBe('org_a/deploy');
    expect(entry.message).toMatchObject({
      type: 'WORKFLOW_DEFINITION_CHANGED',
      orgId: 'org_a',
      occurredAt: '2026-01-02T11:00:00.000Z',
      workflow: {
        identifier: 'deploy',
        connections: [],
        orgId: 'org_a',
        version: 3,
        createdBy: 'alice',
        updatedBy: 'bob',
      },
    });
    expect(validateMessage(DefinitionChangedMessage, entry.message).ok).toBe(true);
  });

  it('is a tombstone when the workflow is deleted', () => {
    expect(definitionRemoved('org_a', 'deploy')).toEqual({
      topic: Topics.definitionChanged,
      key: 'org_a/deploy',
      orgId: 'org_a',
      message: null,
    });
  });
});
