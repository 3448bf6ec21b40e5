import { callTimeoutMs } from './upsert-entity.executor';

describe('callTimeoutMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const request = (timeoutSeconds?: number, deadlineInMs?: number) => ({
    dispatch: { node: { timeoutSeconds } },
    deadline: deadlineInMs === undefined ? undefined : new Date(now + deadlineInMs),
  });

  it('is the configured limit unless the node or the deadline asks for less', () => {
    expect(callTimeoutMs(10_000, request(), now)).toBe(10_000);
    expect(callTimeoutMs(10_000, request(2), now)).toBe(2_000);
    expect(callTimeoutMs(10_000, request(60, 1_500), now)).toBe(1_500);
  });

  it('leaves a call at least 100 ms', () => {
    expect(callTimeoutMs(10_000, request(undefined, -5), now)).toBe(100);
  });
});
