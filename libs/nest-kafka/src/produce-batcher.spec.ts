import { type TopicMessages } from 'kafkajs';
import { ProduceBatcher } from './produce-batcher';

describe('ProduceBatcher', () => {
  it('sends what is queued while a request is in flight together in the next request', async () => {
    const requests: TopicMessages[][] = [];
    let releaseFirst!: () => void;
    const first = new Promise<void>((resolve) => (releaseFirst = resolve));
    const batcher = new ProduceBatcher(async (topicMessages) => {
      requests.push(topicMessages);
      if (requests.length === 1) await first;
    });
    const sent = [batcher.send([{ topic: 't1', message: { key: 'a', value: '1' } }])];
    await Promise.resolve();
    await Promise.resolve();
    sent.push(batcher.send([{ topic: 't1', message: { key: 'b', value: '2' } }]));
    sent.push(batcher.send([{ topic: 't2', message: { key: 'c', value: '3' } }]));
    sent.push(batcher.send([{ topic: 't1', message: { key: 'd', value: '4' } }]));
    releaseFirst();
    await Promise.all(sent);
    expect(requests).toEqual([
      [{ topic: 't1', messages: [{ key: 'a', value: '1' }] }],
      [
        {
          topic: 't1',
          messages: [
            { key: 'b', value: '2' },
            { key: 'd', value: '4' },
          ],
        },
        { topic: 't2', messages: [{ key: 'c', value: '3' }] },
      ],
    ]);
  });

  it('rejects the callers of a failed request only', async () => {
    let calls = 0;
    const batcher = new ProduceBatcher(async () => {
      calls += 1;
      if (calls === 1) throw new Error('broker unavailable');
    });
    await expect(batcher.send([{ topic: 't', message: { value: 'x' } }])).rejects.toThrow(
      'broker unavailable',
    );
    await expect(batcher.send([{ topic: 't', message: { value: 'y' } }])).resolves.toBeUndefined();
    await batcher.flushed();
  });
});
