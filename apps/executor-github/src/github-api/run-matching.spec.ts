import { createdSinceFilter, type ListedRun, pickDispatchedRun } from './run-matching';

const KEY = 'wfnr_a1B2c3D4e5F6g7H8:1';
const run = (id: number, createdAt: string, displayTitle = 'deploy'): ListedRun => ({
  id,
  createdAt,
  displayTitle,
  htmlUrl: `https://github.com/o/r/actions/runs/${id}`,
  event: 'workflow_dispatch',
});

describe('pickDispatchedRun', () => {
  const since = new Date('2026-03-01T10:00:00.700Z');

  it('takes the run whose title carries the idempotency key', () => {
    const runs = [run(3, '2026-03-01T10:00:02Z'), run(2, '2026-03-01T10:00:01Z', `deploy ${KEY}`)];
    expect(pickDispatchedRun(runs, { since, idempotencyKey: KEY, claimed: new Set() })?.id).toBe(2);
  });

  it('else takes the oldest unclaimed run created since the dispatch (whole seconds)', () => {
    const runs = [
      run(4, '2026-03-01T10:00:03Z'),
      run(3, '2026-03-01T10:00:00Z'),
      run(2, '2026-03-01T10:00:00Z'),
      run(1, '2026-03-01T09:59:59Z'),
    ];
    expect(pickDispatchedRun(runs, { since, idempotencyKey: KEY, claimed: new Set([2]) })?.id).toBe(3);
    expect(
      pickDispatchedRun(runs, { since, idempotencyKey: KEY, claimed: new Set([2, 3, 4]) }),
    ).toBeUndefined();
  });

  it('ignores runs of other events', () => {
    const push = { ...run(5, '2026-03-01T10:00:01Z'), event: 'push' };
    expect(pickDispatchedRun([push], { since, idempotencyKey: KEY, claimed: new Set() })).toBeUndefined();
  });

  it("writes GitHub's created filter from the start of the dispatch's second", () => {
    expect(createdSinceFilter(since)).toBe('>=2026-03-01T10:00:00Z');
  });
});
