import { deadLetterTopic, nodeDispatchTopic, prefixedTopic, Topics } from './topics';

describe('topics', () => {
  it('names every topic flowline.<domain>.<event>.v<N>', () => {
    for (const topic of Object.values(Topics)) expect(topic).toMatch(/^flowline\.[a-z]+\.[a-z-]+\.v\d+$/);
  });

  it('gives each executor backend its own dispatch topic', () => {
    expect(nodeDispatchTopic('webhook')).toBe('flowline.nodes.dispatch.webhook.v1');
    expect(nodeDispatchTopic('upsert-entity')).toBe('flowline.nodes.dispatch.upsert-entity.v1');
  });

  it('parks failures on <topic>.dlq', () => {
    expect(deadLetterTopic(Topics.runRequested)).toBe('flowline.runs.requested.v1.dlq');
  });

  it('prefixes topics only when a prefix is set', () => {
    expect(prefixedTopic(Topics.runEvents)).toBe(Topics.runEvents);
    expect(prefixedTopic(Topics.runEvents, 't1.')).toBe('t1.flowline.runs.events.v1');
  });
});
