import { JqTimeoutError } from '../errors';
import { JqEngine } from './jq-engine';

/**
 * The time limit: an evaluation that does not finish is stopped (its worker terminated and replaced)
 * and reported as a timeout, while the rest of the pool keeps answering.
 */
describe('JqEngine time limit', () => {
  const timeoutMs = 400;
  const engine = new JqEngine({ poolSize: 3, timeoutMs });
  afterAll(() => engine.close());

  async function timed<T>(work: Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
    const started = Date.now();
    try {
      return { value: await work, ms: Date.now() - started };
    } catch (error) {
      return { error, ms: Date.now() - started };
    }
  }

  beforeAll(async () => {
    // Start the workers so the measurements below exclude start-up.
    await Promise.all([1, 2, 3].map((n) => engine.evaluate(`[range(${n})]`, null)));
  });

  it('stops `def f: f; f` and `[range(1e9)]` at the limit and keeps serving other evaluations', async () => {
    const endless = timed(engine.evaluate('def f: f; f', null));
    const huge = timed(engine.evaluate('[range(1e9)]', null));

    // While two workers are stuck, the third answers a stream of evaluations (jq, not the fast path).
    const during: number[] = [];
    const started = Date.now();
    while (Date.now() - started < timeoutMs - 100) {
      const { value, ms } = await timed(engine.evaluate('[range(.)] | length', during.length + 1));
      expect(value).toEqual([during.length + 1]);
      during.push(ms);
    }
    // Answered while the other two workers were stuck (a handful even on a loaded machine).
    expect(during.length).toBeGreaterThanOrEqual(3);

    for (const stuck of [await endless, await huge]) {
      expect(stuck.error).toBeInstanceOf(JqTimeoutError);
      expect(stuck.error).toMatchObject({ code: 'JQ_TIMEOUT', timeoutMs });
      expect(stuck.ms).toBeGreaterThanOrEqual(timeoutMs - 5);
      // Reported at the limit; the slack only absorbs scheduling delays on a busy machine.
      expect(stuck.ms).toBeLessThan(timeoutMs + 600);
    }

    // The replacement workers answer too.
    const after = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => engine.evaluate('[range(.)] | add', n)));
    expect(after).toEqual([[0], [1], [3], [6], [10], [15]]);
  });

  it('reports the slow part of a template on its own', async () => {
    const rendered = engine.renderTemplate({ ok: '{{ [range(2)] }}', slow: '{{ def f: f; f }}' }, null);
    await expect(rendered).rejects.toMatchObject({
      code: 'JQ_TIMEOUT',
      expression: 'def f: f; f',
      path: 'slow',
    });
    await expect(engine.renderTemplate({ ok: '{{ [range(2)] }}' }, null)).resolves.toEqual({ ok: [0, 1] });
  });
});
