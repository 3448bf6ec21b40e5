import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarize } from '../__fixtures__/builders';
import { randomJson, seededRandom } from '../__fixtures__/random-json';
import { UserInputs } from '../model/user-inputs/user-inputs';
import { EvaluateJq } from './form-jq';
import { validateUserInputs } from './validate-user-inputs';

type Form = {
  form: Record<string, unknown>;
  inputs: Record<string, unknown>;
  trigger: { by: Record<string, unknown> };
  run: { id: unknown };
};

/** A stand-in JQ engine: each known expression is a function of the form input. */
function fakeJq(
  programs: Record<string, (input: Form) => unknown>,
): EvaluateJq & { calls: Array<[string, Form]> } {
  const calls: Array<[string, Form]> = [];
  const evaluate = async (expression: string, input: unknown) => {
    calls.push([expression, input as Form]);
    const program = programs[expression];
    if (!program) throw new Error(`cannot evaluate ${expression}`);
    return program(input as Form);
  };
  return Object.assign(evaluate, { calls });
}

const noJq = fakeJq({});
const form = (properties: Record<string, unknown>, rest: Partial<UserInputs> = {}) =>
  ({ properties, ...rest }) as unknown as UserInputs;
const check = async (userInputs: UserInputs, submission: unknown, evaluateJq: EvaluateJq = noJq) =>
  validateUserInputs(userInputs, submission, { evaluateJq });
const problemsFor = async (userInputs: UserInputs, submission: unknown, evaluateJq?: EvaluateJq) =>
  summarize((await check(userInputs, submission, evaluateJq)).problems);

describe('validateUserInputs with the reference form (§3)', () => {
  const reference = JSON.parse(
    readFileSync(join(__dirname, '../__fixtures__/reference-self-serve-trigger.json'), 'utf8'),
  ) as { nodes: Array<{ config: { userInputs: UserInputs } }> };
  const userInputs = reference.nodes[0].config.userInputs;
  const jq = fakeJq({
    'if .form.environment == "production" then 3 else 1 end': ({ form }) =>
      form.environment === 'production' ? 3 : 1,
  });

  it('accepts a submission and applies the jqQuery default from the other inputs', async () => {
    const result = await validateUserInputs(
      userInputs,
      { service: 'svc-a', version: '1.2.3', environment: 'production' },
      { evaluateJq: jq, context: { by: { user: { email: 'dev@example.com' } } } },
    );
    expect(result).toEqual({
      inputs: { service: 'svc-a', version: '1.2.3', environment: 'production', replicas: 3 },
      problems: [],
    });
    expect(jq.calls.at(-1)?.[1]).toEqual({
      form: { service: 'svc-a', version: '1.2.3', environment: 'production' },
      inputs: { service: 'svc-a', version: '1.2.3', environment: 'production' },
      trigger: { by: { user: { email: 'dev@example.com' } } },
      run: { id: null },
    });
  });

  it('keeps a submitted value over the default', async () => {
    const { inputs } = await check(
      userInputs,
      { service: 's', version: 'v', environment: 'staging', replicas: 7 },
      jq,
    );
    expect(inputs.replicas).toBe(7);
  });

  it('returns every failing field at once', async () => {
    expect(await problemsFor(userInputs, { environment: 'qa', replicas: 11, extra: 1 }, jq)).toEqual([
      'INPUT_ENUM inputs.environment',
      'INPUT_RANGE inputs.replicas',
      'INPUT_REQUIRED inputs.service',
      'INPUT_REQUIRED inputs.version',
      'UNKNOWN_INPUT inputs.extra',
    ]);
  });
});

describe('validateUserInputs', () => {
  it('refuses a submission that is not an object, and treats a missing one as empty', async () => {
    expect(await problemsFor(form({}), [1])).toEqual(['INPUT_TYPE inputs']);
    expect(await problemsFor(form({}), 'x')).toEqual(['INPUT_TYPE inputs']);
    expect(await check(form({ a: { type: 'string', default: 'd' } }), undefined)).toEqual({
      inputs: { a: 'd' },
      problems: [],
    });
  });

  it('treats null as not given and "" as missing for required inputs', async () => {
    const userInputs = form(
      { a: { type: 'string' }, b: { type: 'string', default: 'x' } },
      { required: ['a'] },
    );
    expect(await check(userInputs, { a: null, b: null })).toEqual({
      inputs: { b: 'x' },
      problems: [expect.objectContaining({ path: 'inputs.a', code: 'INPUT_REQUIRED' })],
    });
    expect(await problemsFor(userInputs, { a: '' })).toEqual(['INPUT_REQUIRED inputs.a']);
  });

  it('evaluates required as { jqQuery } against the filled form', async () => {
    const jq = fakeJq({ req: ({ form }) => (form.env === 'prod' ? ['approver'] : []) });
    const userInputs = form(
      { env: { type: 'string' }, approver: { type: 'string', format: 'user' } },
      { required: { jqQuery: 'req' } },
    );
    expect(await problemsFor(userInputs, { env: 'prod' }, jq)).toEqual(['INPUT_REQUIRED inputs.approver']);
    expect(await problemsFor(userInputs, { env: 'dev' }, jq)).toEqual([]);
  });

  it('reports a jqQuery that fails or returns the wrong shape', async () => {
    const jq = fakeJq({ notAList: () => 'approver' });
    expect(await problemsFor(form({}, { required: { jqQuery: 'notAList' } }), {}, jq)).toEqual([
      'JQ_EVALUATION inputs',
    ]);
    expect(await problemsFor(form({}, { required: { jqQuery: 'unknown' } }), {}, jq)).toEqual([
      'JQ_EVALUATION inputs',
    ]);
    expect(await problemsFor(form({ a: { type: 'string', default: { jqQuery: 'boom' } } }), {}, jq)).toEqual([
      'JQ_EVALUATION inputs.a',
    ]);
  });

  it('does not require an input hidden by visible, literal or jqQuery', async () => {
    const jq = fakeJq({ prodOnly: ({ form }) => form.env === 'prod' });
    const userInputs = form(
      {
        env: { type: 'string' },
        reason: { type: 'string', visible: { jqQuery: 'prodOnly' } },
        never: { type: 'string', visible: false },
      },
      { required: ['reason', 'never'] },
    );
    expect(await problemsFor(userInputs, { env: 'dev' }, jq)).toEqual([]);
    expect(await problemsFor(userInputs, { env: 'prod' }, jq)).toEqual(['INPUT_REQUIRED inputs.reason']);
  });

  it('applies literal defaults first, then jqQuery defaults in form order, each seeing the ones before', async () => {
    const jq = fakeJq({
      double: ({ form }) => (form.base as number) * 2,
      plusOne: ({ form }) => (form.doubled as number) + 1,
      nothing: () => null,
    });
    const userInputs = form(
      {
        last: { type: 'number', default: { jqQuery: 'plusOne' } },
        doubled: { type: 'number', default: { jqQuery: 'double' } },
        base: { type: 'number', default: 2 },
        empty: { type: 'string', default: { jqQuery: 'nothing' } },
      },
      { order: ['base', 'doubled', 'last'] },
    );
    expect((await check(userInputs, {}, jq)).inputs).toEqual({ base: 2, doubled: 4, last: 5 });
  });

  it('puts problems under a caller-chosen path', async () => {
    const result = await validateUserInputs(
      form({ a: { type: 'string' } }),
      { a: 1 },
      { evaluateJq: noJq, path: 'body.inputs' },
    );
    expect(summarize(result.problems)).toEqual(['INPUT_TYPE body.inputs.a']);
  });

  it('never throws on garbage definitions or submissions', async () => {
    const random = seededRandom(42);
    for (let i = 0; i < 300; i += 1) {
      const userInputs = (
        i % 2 === 0 ? { properties: randomJson(random, 4) } : randomJson(random, 4)
      ) as UserInputs;
      const result = await validateUserInputs(userInputs, randomJson(random, 4), {
        evaluateJq: async () => randomJson(random, 2),
      });
      expect(Array.isArray(result.problems)).toBe(true);
    }
    let deep: unknown = 1;
    for (let i = 0; i < 50_000; i += 1) deep = { a: deep };
    expect(await problemsFor(form({ a: { type: 'object' } }), { a: deep })).toEqual(['INPUT_TYPE inputs']);
  });
});
