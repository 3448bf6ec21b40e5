import { callTimeoutMs } from './webhook.executor';

describe('callTimeoutMs', () => {
  const now = Date.parse('2026-01-28T10:00:00Z');
  const node = (timeoutSeconds?: number) => ({ dispatch: { node: { timeoutSeconds } } });

  it('is the configured limit unless the node or the deadline is sooner', () => {
    expect(callTimeoutMs(30_000, node(), now)).toBe(30_000);
    expect(callTimeoutMs(30_000, node(5), now)).toBe(5_000);
    expect(callTimeoutMs(30_000, node(60), now)).toBe(30_000);
    expect(callTimeoutMs(30_000, { ...node(5), deadline: new Date(now + 2_000) }, now)).toBe(2_000);
  });

  it('never goes below 100 ms', () => {
    expect(callTimeoutMs(30_000, { ...node(), deadline: new Date(now - 5) }, now)).toBe(100);
  });
});
