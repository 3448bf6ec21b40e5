import { createMessage } from '../envelope';
import { validateMessage } from '../validation';
import {
  DEFINITION_CHANGED_MESSAGE_TYPE,
  DefinitionChangedMessage,
  definitionChangedKey,
  type DefinitionChangedPayload,
} from './definition-changed.message';

function payload(): DefinitionChangedPayload {
  return {
    workflow: {
      identifier: 'deploy',
      title: 'Deploy',
      allowAnyoneToViewRuns: true,
      nodes: [{ identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER' }, variables: {} }],
      connections: [],
      orgId: 'org_1',
      version: 2,
      createdBy: 'user@org_1',
      updatedBy: 'user@org_1',
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-01-03T03:04:05.000Z',
    },
  };
}

describe('DefinitionChangedMessage', () => {
  it('accepts the message the workflows service publishes', () => {
    const message = createMessage(DEFINITION_CHANGED_MESSAGE_TYPE, 'org_1', payload());
    const result = validateMessage(DefinitionChangedMessage, message);
    expect(result.ok).toBe(true);
    expect(result.ok && result.message.workflow.title).toBe('Deploy');
  });

  it('is keyed by org and workflow', () => {
    expect(definitionChangedKey('org_1', 'deploy')).toBe('org_1/deploy');
  });

  it('refuses another message type, a missing version and non-object nodes', () => {
    const bad = createMessage('ENTITY_CHANGED', 'org_1', payload());
    bad.workflow.version = 0;
    (bad.workflow as { nodes: unknown }).nodes = ['trigger'];
    const result = validateMessage(DefinitionChangedMessage, bad);
    expect(result.ok).toBe(false);
    const paths = !result.ok ? result.problems.map((p) => p.path) : [];
    expect(paths).toEqual(expect.arrayContaining(['type', 'workflow.version', 'workflow.nodes']));
  });

  it('refuses a message without a workflow', () => {
    const result = validateMessage(
      DefinitionChangedMessage,
      createMessage(DEFINITION_CHANGED_MESSAGE_TYPE, 'o', {}),
    );
    expect(!result.ok && result.problems.map((p) => p.path)).toContain('workflow');
  });
});
