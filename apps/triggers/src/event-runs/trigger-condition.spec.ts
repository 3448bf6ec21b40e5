import { JqEngine } from '@flowline/jq';
import { evaluateTriggerCondition } from './trigger-condition';

const event = {
  action: 'UPDATE',
  resourceType: 'entity',
  context: { blueprintIdentifier: 'service', entityIdentifier: 'svc-a' },
  diff: {
    before: { identifier: 'svc-a', properties: { environment: 'production', status: 'running' } },
    after: { identifier: 'svc-a', properties: { environment: 'production', status: 'degraded' } },
  },
};

describe('event trigger conditions', () => {
  let jq: JqEngine;
  const evaluate = (expression: string, input: unknown) => jq.evaluateFirst(expression, input);

  beforeAll(() => {
    jq = new JqEngine({ poolSize: 1, timeoutMs: 1000 });
  });

  afterAll(async () => {
    await jq.close();
  });

  const production = '.diff.after.properties.environment == "production"';
  const statusChanged = '.diff.before.properties.status != .diff.after.properties.status';
  const staging = '.diff.after.properties.environment == "staging"';

  it('matches without a condition', async () => {
    expect(await evaluateTriggerCondition(undefined, event, evaluate)).toEqual({ ok: true, matched: true });
  });

  it('needs every expression with `and`', async () => {
    const both = { expressions: [production, statusChanged], combinator: 'and' as const };
    const oneFalse = { expressions: [production, staging], combinator: 'and' as const };
    expect(await evaluateTriggerCondition(both, event, evaluate)).toEqual({ ok: true, matched: true });
    expect(await evaluateTriggerCondition(oneFalse, event, evaluate)).toEqual({ ok: true, matched: false });
  });

  it('needs any expression with `or`', async () => {
    const oneTrue = { expressions: [staging, statusChanged], combinator: 'or' as const };
    const noneTrue = { expressions: [staging, '.action == "DELETE"'], combinator: 'or' as const };
    expect(await evaluateTriggerCondition(oneTrue, event, evaluate)).toEqual({ ok: true, matched: true });
    expect(await evaluateTriggerCondition(noneTrue, event, evaluate)).toEqual({ ok: true, matched: false });
  });

  it('reads jq truthiness: null, false and no output are false; anything else is true', async () => {
    const one = (expression: string) => ({ expressions: [expression], combinator: 'and' as const });
    for (const falsy of ['null', 'false', 'empty', '.missing.path'])
      expect(await evaluateTriggerCondition(one(falsy), event, evaluate)).toEqual({
        ok: true,
        matched: false,
      });
    for (const truthy of ['0', '""', '[]', '.context'])
      expect(await evaluateTriggerCondition(one(truthy), event, evaluate)).toEqual({
        ok: true,
        matched: true,
      });
  });

  it('stops at the first deciding expression', async () => {
    const seen: string[] = [];
    const counting = (expression: string, input: unknown) => {
      seen.push(expression);
      return evaluate(expression, input);
    };
    await evaluateTriggerCondition(
      { expressions: [staging, production], combinator: 'and' },
      event,
      counting,
    );
    await evaluateTriggerCondition({ expressions: [production, staging], combinator: 'or' }, event, counting);
    expect(seen).toEqual([staging, production]);
  });

  it('reports a failing expression instead of matching', async () => {
    const outcome = await evaluateTriggerCondition(
      { expressions: [production, '.context.entityIdentifier | tonumber'], combinator: 'and' },
      event,
      evaluate,
    );
    expect(outcome).toMatchObject({ ok: false, expression: '.context.entityIdentifier | tonumber' });
    expect(!outcome.ok && outcome.error).toMatch(/svc-a/);
  });
});
