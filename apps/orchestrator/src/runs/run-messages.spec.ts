import {
  NodeDispatchMessage,
  nodeDispatchTopic,
  RUN_CREATED_HEADER,
  RUN_EVENT_TYPE_HEADER,
  RunEventMessage,
  Topics,
  validateMessage,
} from '@flowline/contracts';
import { edge, EngineHarness, webhook, workflow } from '../engine/__tests__/engine-harness';
import { outgoingMessages } from './run-messages';

describe('outgoing messages of a transition', () => {
  const h = new EngineHarness(undefined, 30);
  afterAll(() => h.close());

  it('are valid contract messages, keyed by run id, on the backend’s dispatch topic and the run-events topic', async () => {
    await h.start(workflow([webhook('call')], [edge('trigger', 'call')]));
    const messages = outgoingMessages(h.state, h.effects());
    expect(messages.map((m) => m.topic)).toEqual([
      nodeDispatchTopic('webhook'),
      Topics.runEvents,
      Topics.runEvents,
      Topics.runEvents,
    ]);
    expect(new Set(messages.map((m) => m.key))).toEqual(new Set([h.state.identifier]));
    const [dispatch, ...events] = messages;
    expect(validateMessage(NodeDispatchMessage, dispatch.message)).toMatchObject({ ok: true });
    expect(dispatch.message).toMatchObject({
      type: 'NODE_DISPATCHED',
      orgId: 'org_a',
      deadline: expect.any(String),
    });
    expect(dispatch.headers).toEqual({ 'x-flowline-idempotency-key': `${h.nodeRun('call').identifier}:1` });
    for (const event of events)
      expect(validateMessage(RunEventMessage, event.message)).toMatchObject({ ok: true });
    expect(events.map((e) => e.message?.['type'])).toEqual([
      'NODE_RUN_STATUS_CHANGED',
      'NODE_RUN_STATUS_CHANGED',
      'WORKFLOW_RUN_STATUS_CHANGED',
    ]);
  });

  it('mark the creating transition’s run status event, and only it, as announcing a new run', async () => {
    await h.start(workflow([webhook('call')], [edge('trigger', 'call')]));
    const created = outgoingMessages(h.state, h.effects()).filter((m) => m.topic === Topics.runEvents);
    expect(created.map((m) => m.headers)).toEqual([
      { [RUN_EVENT_TYPE_HEADER]: 'NODE_RUN_STATUS_CHANGED' },
      { [RUN_EVENT_TYPE_HEADER]: 'NODE_RUN_STATUS_CHANGED' },
      { [RUN_EVENT_TYPE_HEADER]: 'WORKFLOW_RUN_STATUS_CHANGED', [RUN_CREATED_HEADER]: '1' },
    ]);
    await h.report('call');
    const later = outgoingMessages(h.state, h.effects()).filter((m) => m.topic === Topics.runEvents);
    expect(later.length).toBeGreaterThan(0);
    for (const message of later) expect(message.headers?.[RUN_CREATED_HEADER]).toBeUndefined();
  });
});
