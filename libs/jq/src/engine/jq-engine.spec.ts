import { JqCompileError, JqLimitError, JqRuntimeError } from '../errors';
import { JqEngine } from './jq-engine';

describe('JqEngine', () => {
  const engine = new JqEngine({ poolSize: 2, timeoutMs: 2000 });
  const reference = new JqEngine({ poolSize: 1, timeoutMs: 2000, fastPath: false });
  afterAll(async () => {
    await engine.close();
    await reference.close();
  });

  const context = {
    outputs: { trigger: { service: 'svc-a', environment: 'production', deps: '["a","b"]', replicas: 3 } },
    secrets: { 'api-token': 't0k3n' },
  };

  it.each([engine, reference].map((e, i) => [i === 0 ? 'fast path' : 'reference engine', e] as const))(
    'evaluates paths, filters and builtins (%s)',
    async (_name, e) => {
      await expect(e.evaluate('.outputs.trigger.service', context)).resolves.toEqual(['svc-a']);
      await expect(e.evaluate('.secrets["api-token"]', context)).resolves.toEqual(['t0k3n']);
      await expect(e.evaluate('.outputs.trigger.deps | fromjson', context)).resolves.toEqual([['a', 'b']]);
      await expect(e.evaluate('.outputs.trigger | keys', context)).resolves.toEqual([
        ['deps', 'environment', 'replicas', 'service'],
      ]);
      await expect(e.evaluate('[.outputs[] | .replicas] | map(. * 2)', context)).resolves.toEqual([[6]]);
      await expect(e.evaluate('.a, .b', { a: 1, b: 2 })).resolves.toEqual([1, 2]);
      await expect(e.evaluate('empty', null)).resolves.toEqual([]);
    },
  );

  it('uses the fast path for the usual template expressions and jq for the rest', () => {
    expect(engine.isFastPath('.outputs.trigger.service')).toBe(true);
    expect(engine.isFastPath('if .form.environment == "production" then 3 else 1 end')).toBe(true);
    expect(engine.isFastPath('[range(3)]')).toBe(false);
  });

  it('answers expressions outside the fast path through jq', async () => {
    await expect(engine.evaluate('[range(3)] | reverse', null)).resolves.toEqual([[2, 1, 0]]);
    await expect(engine.evaluate('now | type', null)).resolves.toEqual(['number']);
  });

  it('reports compile errors with jq’s message and the expression', async () => {
    const error = await engine.evaluate('.a |', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JqCompileError);
    expect(error).toMatchObject({
      code: 'JQ_COMPILE_ERROR',
      expression: '.a |',
      message: expect.stringContaining('syntax error, unexpected end of file'),
    });
    // Reported again from the cache, without asking a worker.
    await expect(engine.evaluate('.a |', {})).rejects.toBeInstanceOf(JqCompileError);
  });

  it('reports runtime errors with jq’s message, on both paths alike', async () => {
    for (const e of [engine, reference]) {
      const error = await e.evaluate('.a.b', { a: 1 }).catch((x: unknown) => x);
      expect(error).toBeInstanceOf(JqRuntimeError);
      expect(error).toMatchObject({
        code: 'JQ_RUNTIME_ERROR',
        message: 'Cannot index number with string ("b")',
      });
      await expect(e.evaluate('error({x: 1})', null)).rejects.toMatchObject({
        value: { x: 1 },
        message: '{"x":1} (not a string)',
      });
    }
  });

  it('makes env and $ENV empty objects', async () => {
    for (const e of [engine, reference]) {
      await expect(e.evaluate('[env, $ENV, $ENV.PATH]', null)).resolves.toEqual([[{}, {}, null]]);
    }
  });

  it('refuses inputs and outputs over the size limits', async () => {
    const small = new JqEngine({ maxInputBytes: 100, maxOutputBytes: 100, poolSize: 1 });
    try {
      await expect(small.evaluate('.', 'x'.repeat(200))).rejects.toMatchObject({
        code: 'JQ_LIMIT',
        limit: 'input',
      });
      await expect(small.evaluate('. + . + . + .', 'x'.repeat(40))).rejects.toBeInstanceOf(JqLimitError);
      await expect(small.evaluate('[range(100)]', null)).rejects.toMatchObject({ limit: 'output' });
    } finally {
      await small.close();
    }
  });

  it('returns copies that callers may change without affecting later evaluations', async () => {
    const input = { a: { b: [1] } };
    const [first] = (await engine.evaluate('.a', input)) as Array<{ b: number[] }>;
    first.b.push(2);
    await expect(engine.evaluate('.a', input)).resolves.toEqual([{ b: [1] }]);
    expect(input.a.b).toEqual([1]);
  });

  it('sees the current content of an input object that changed between calls', async () => {
    const input: Record<string, unknown> = { a: 1 };
    await expect(engine.evaluate('.a', input)).resolves.toEqual([1]);
    input.a = 2;
    await expect(engine.evaluate('.a', input)).resolves.toEqual([2]);
  });

  it('reads inputs that are not plain JSON data the way jq receives them', async () => {
    const input = { d: new Date(0), u: undefined, n: -0, list: [undefined] };
    for (const e of [engine, reference]) {
      await expect(e.evaluate('[keys, .d, .n, .list]', input)).resolves.toEqual([
        [['d', 'list', 'n'], '1970-01-01T00:00:00.000Z', 0, [null]],
      ]);
    }
  });

  it('evaluateFirst gives the first output or undefined', async () => {
    await expect(engine.evaluateFirst('.[]', [3, 4])).resolves.toBe(3);
    await expect(engine.evaluateFirst('empty', null)).resolves.toBeUndefined();
  });
});
