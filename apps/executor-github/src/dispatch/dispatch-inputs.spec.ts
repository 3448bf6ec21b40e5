import {
  IDEMPOTENCY_INPUT,
  prepareDispatchInputs,
  refusedIdempotencyInput,
  toInputString,
  withoutIdempotencyKey,
} from './dispatch-inputs';

const KEY = 'wfnr_a1B2c3D4e5F6g7H8:1';

describe('toInputString', () => {
  it('makes every value a string: text as is, numbers and booleans as text, objects as JSON', () => {
    expect(toInputString('prod')).toBe('prod');
    expect(toInputString('')).toBe('');
    expect(toInputString(3)).toBe('3');
    expect(toInputString(1.5)).toBe('1.5');
    expect(toInputString(false)).toBe('false');
    expect(toInputString({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    expect(toInputString(['a', 'b'])).toBe('["a","b"]');
  });

  it('leaves null and undefined out, so the workflow default applies', () => {
    expect(toInputString(null)).toBeUndefined();
    expect(toInputString(undefined)).toBeUndefined();
  });
});

describe('prepareDispatchInputs', () => {
  it('stringifies the inputs, takes ref out of them, and adds the idempotency key when there is room', () => {
    const prepared = prepareDispatchInputs(
      { ref: 'release/1.2', replicas: 3, debug: true, config: { a: 1 }, skip: null },
      KEY,
    );
    expect(prepared).toEqual({
      ok: true,
      ref: 'release/1.2',
      inputs: { replicas: '3', debug: 'true', config: '{"a":1}', [IDEMPOTENCY_INPUT]: KEY },
      carriesIdempotencyKey: true,
    });
  });

  it('sends exactly 10 user inputs without the key, and refuses 11 with a clear message', () => {
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`in${i}`, i]));
    const prepared = prepareDispatchInputs(ten, KEY);
    expect(prepared.ok && Object.keys(prepared.inputs)).toHaveLength(10);
    expect(prepared.ok && prepared.carriesIdempotencyKey).toBe(false);

    const refused = prepareDispatchInputs({ ...ten, in10: 'x' }, KEY);
    expect(refused).toEqual({
      ok: false,
      message: expect.stringContaining(
        'GitHub accepts at most 10 workflow_dispatch inputs; this node sends 11',
      ),
    });
  });

  it('does not count ref as an input, and keeps a flowline_run the user set', () => {
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`in${i}`, 'v']));
    expect(prepareDispatchInputs({ ...ten, ref: 'main' }, KEY).ok).toBe(true);
    const own = prepareDispatchInputs({ [IDEMPOTENCY_INPUT]: 'mine' }, KEY);
    expect(own).toEqual({ ok: true, inputs: { [IDEMPOTENCY_INPUT]: 'mine' }, carriesIdempotencyKey: false });
  });

  it('refuses an empty ref', () => {
    expect(prepareDispatchInputs({ ref: '  ' }, KEY)).toEqual({
      ok: false,
      message: 'the ref input must name a branch or tag',
    });
  });

  it('drops the key it added when the workflow does not declare it', () => {
    const prepared = prepareDispatchInputs({ env: 'prod' }, KEY);
    if (!prepared.ok) throw new Error('expected inputs');
    const without = withoutIdempotencyKey(prepared);
    expect(without.inputs).toEqual({ env: 'prod' });
    expect(without.carriesIdempotencyKey).toBe(false);
  });
});

describe('refusedIdempotencyInput', () => {
  it("recognises GitHub's 422 about an undeclared flowline_run input only", () => {
    expect(refusedIdempotencyInput(422, 'Unexpected inputs provided: ["flowline_run"]')).toBe(true);
    expect(refusedIdempotencyInput(422, 'Unexpected inputs provided: ["env", "flowline_run"]')).toBe(true);
    expect(refusedIdempotencyInput(422, 'Unexpected inputs provided: ["env"]')).toBe(false);
    expect(refusedIdempotencyInput(422, 'you may only define up to 10 `inputs`')).toBe(false);
    expect(refusedIdempotencyInput(404, 'Unexpected inputs provided: ["flowline_run"]')).toBe(false);
  });
});
