import { parseKafkaNode } from './kafka-node-config';

describe('parseKafkaNode', () => {
  it('publishes an object or array payload to the runs topic and completes on publish by default', () => {
    expect(parseKafkaNode({ type: 'KAFKA', payload: { a: 1 } }, 'org_a', 'p.')).toEqual({
      ok: true,
      publication: { topic: 'p.org_a.runs', payload: { a: 1 }, synchronized: true },
    });
    const array = parseKafkaNode({ type: 'KAFKA', payload: [1, 2] }, 'org_a');
    expect(array.ok && array.publication.payload).toEqual([1, 2]);
  });

  it("takes the node's topic and synchronized: false; a null topic means the default", () => {
    const parsed = parseKafkaNode(
      { type: 'KAFKA', payload: {}, topic: 'org_a.deploys', synchronized: false },
      'org_a',
    );
    expect(parsed).toEqual({
      ok: true,
      publication: { topic: 'org_a.deploys', payload: {}, synchronized: false },
    });
    const nullTopic = parseKafkaNode({ type: 'KAFKA', payload: {}, topic: null }, 'org_a');
    expect(nullTopic.ok && nullTopic.publication.topic).toBe('org_a.runs');
  });

  it('lists every problem of a bad config', () => {
    expect(
      parseKafkaNode({ type: 'KAFKA', payload: 'text', topic: 'org_b.runs', synchronized: 'no' }, 'org_a'),
    ).toEqual({
      ok: false,
      problems: [
        'payload must be an object or an array, got text "text"',
        'topic "org_b.runs" is outside the organization\'s topics ("org_a.<name>")',
        'synchronized must be true or false',
      ],
    });
    expect(parseKafkaNode({ type: 'KAFKA', topic: 5 }, 'org_a')).toEqual({
      ok: false,
      problems: ['payload must be an object or an array, got nothing', 'topic must be text, got number'],
    });
    expect(parseKafkaNode({ type: 'KAFKA' }, 'org_a', '', { outputs: {} })).toEqual({
      ok: true,
      publication: { topic: 'org_a.runs', payload: { outputs: {} }, synchronized: true },
    });
    expect(parseKafkaNode({ type: 'KAFKA', payload: null }, 'org_a')).toEqual({
      ok: false,
      problems: ['payload must be an object or an array, got null'],
    });
  });
});
