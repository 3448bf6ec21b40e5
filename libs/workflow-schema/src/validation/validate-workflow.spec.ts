import { node, problemsOf, selfServeTrigger, workflowWith } from '../__fixtures__/builders';
import { loadFixtures } from '../__fixtures__/load-fixtures';
import { mutate, randomJson, seededRandom } from '../__fixtures__/random-json';
import { DEFAULT_WORKFLOW_LIMITS } from '../limits';
import { ProblemCode } from '../problems';
import { ValidationResult, validateWorkflow } from './validate-workflow';

const webhook = (identifier: string) => node(identifier, { type: 'WEBHOOK', url: 'https://x.io' });
const codes = new Set<string>(Object.values(ProblemCode));

function expectWellFormed(result: ValidationResult) {
  expect(Array.isArray(result.problems)).toBe(true);
  for (const found of result.problems) {
    expect(typeof found.path).toBe('string');
    expect(codes.has(found.code)).toBe(true);
    expect(typeof found.message).toBe('string');
  }
  expect(result.ok).toBe(result.problems.length === 0);
  expect(result.workflow !== undefined).toBe(result.ok);
}

describe('validateWorkflow', () => {
  it('returns the canonical workflow only when there are no problems', async () => {
    const good = await validateWorkflow(workflowWith([webhook('a')]));
    expect(good.ok).toBe(true);
    expect(good.workflow?.connections[0].identifier).toBe('connection-1');
    const bad = await validateWorkflow({ identifier: 'wf', nodes: [] });
    expect(bad).toEqual({ ok: false, problems: [expect.objectContaining({ code: 'NO_TRIGGER' })] });
  });

  it('reports problems of every stage together', async () => {
    const workflow = {
      identifier: 'bad id',
      nodes: [
        selfServeTrigger(),
        node('a', { type: 'WEBHOOK', url: '{{ .x | }}' }, { retry: { maxAttempts: 1000 } }),
        node('b', { type: 'TELEPORT' }),
        node('c', { type: 'CONDITION', outlets: [{ identifier: 'o', expression: 'true' }], options: [] }),
      ],
      connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'a' }],
    };
    expect(await problemsOf(workflow)).toEqual([
      'CONFLICTING_ALIASES nodes[3].config.outlets',
      'INVALID_FIELD nodes[3].config.options',
      'INVALID_IDENTIFIER identifier',
      'JQ_SYNTAX nodes[1].config.url',
      'LIMIT_EXCEEDED nodes[1].retry.maxAttempts',
      'UNKNOWN_NODE_TYPE nodes[2].config.type',
      'UNREACHABLE_NODE nodes[2]',
      'UNREACHABLE_NODE nodes[3]',
    ]);
  });

  it('carries jq’s own message and the template with a syntax error', async () => {
    const { problems } = await validateWorkflow(
      workflowWith([node('a', { type: 'KAFKA', payload: { at: 'x {{ now | date "2006" }}' } })]),
    );
    expect(problems).toEqual([
      {
        path: 'nodes[1].config.payload.at',
        code: 'JQ_SYNTAX',
        message: expect.stringMatching(
          /^jq in template \{\{ now \| date "2006" \}\}: syntax error, unexpected/,
        ),
      },
    ]);
  });

  it('takes an injected JQ compiler', async () => {
    const seen: string[] = [];
    const checkJqSyntax = async (expression: string) => {
      seen.push(expression);
      return expression === '.bad' ? 'nope' : undefined;
    };
    const workflow = workflowWith([
      node('a', { type: 'KAFKA', payload: { a: '{{ .good }}', b: '{{ .bad }}', c: '{{ .bad }}' } }),
    ]);
    expect((await validateWorkflow(workflow, { checkJqSyntax })).problems.map((p) => p.message)).toEqual([
      'jq in template {{ .bad }}: nope',
      'jq in template {{ .bad }}: nope',
    ]);
    expect(seen.sort()).toEqual(['.bad', '.good']);
  });
});

describe('limits', () => {
  it('has its defaults in one place', () => {
    expect(DEFAULT_WORKFLOW_LIMITS).toEqual({
      maxNodes: 200,
      maxConnections: 400,
      maxDefinitionBytes: 524_288,
      maxNestingDepth: 32,
      maxRetryAttempts: 20,
      maxRetryIntervalMs: 86_400_000,
      maxTimeoutSeconds: 604_800,
    });
    expect(Object.isFrozen(DEFAULT_WORKFLOW_LIMITS)).toBe(true);
  });

  it('counts nodes and connections', async () => {
    const workflow = workflowWith([webhook('a'), webhook('b')]);
    expect(await problemsOf(workflow, { limits: { maxNodes: 2, maxConnections: 1 } })).toEqual([
      'TOO_MANY_CONNECTIONS connections',
      'TOO_MANY_NODES nodes',
    ]);
  });

  it('bounds retries and timeouts', async () => {
    const options = {
      retry: { maxAttempts: 4, initialIntervalMs: 2_000, maxIntervalMs: 9_000 },
      timeoutSeconds: 61,
    };
    const workflow = workflowWith([node('a', { type: 'WEBHOOK', url: 'https://x.io' }, options)]);
    const limits = { maxRetryAttempts: 3, maxRetryIntervalMs: 5_000, maxTimeoutSeconds: 60 };
    expect(await problemsOf(workflow, { limits })).toEqual([
      'LIMIT_EXCEEDED nodes[1].retry.maxAttempts',
      'LIMIT_EXCEEDED nodes[1].retry.maxIntervalMs',
      'LIMIT_EXCEEDED nodes[1].timeoutSeconds',
    ]);
  });

  it('refuses an oversized definition before reading it', async () => {
    const workflow = workflowWith([node('a', { type: 'KAFKA', payload: { blob: 'x'.repeat(600_000) } })]);
    expect(await problemsOf(workflow)).toEqual(['DEFINITION_TOO_LARGE ']);
    expect(await problemsOf(workflowWith([]), { limits: { maxDefinitionBytes: 10 } })).toEqual([
      'DEFINITION_TOO_LARGE ',
    ]);
  });

  it('refuses a deeply nested definition without exhausting the stack', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(await problemsOf({ identifier: 'wf', nodes: deep })).toEqual(['NESTING_TOO_DEEP ']);
    expect(
      await problemsOf(workflowWith([node('a', { type: 'KAFKA', payload: { a: { b: { c: 1 } } } })]), {
        limits: { maxNestingDepth: 5 },
      }),
    ).toEqual(['NESTING_TOO_DEEP ']);
  });

  it('ignores limit overrides that are not numbers', async () => {
    const limits = { maxNodes: Number.NaN, maxConnections: -1 };
    expect(await problemsOf(workflowWith([webhook('a')]), { limits })).toEqual([]);
  });
});

describe('never throws on any JSON input', () => {
  it.each([
    undefined,
    null,
    0,
    Number.NaN,
    'string',
    [],
    [null],
    {},
    { nodes: null },
    { nodes: [null, 1, 'x', [], {}] },
    {
      nodes: [
        { config: null },
        { config: 1 },
        { config: [] },
        { config: [null] },
        { config: { type: null } },
      ],
    },
    {
      nodes: [
        {
          config: {
            type: 'SELF_SERVE_TRIGGER',
            userInputs: { properties: { a: null, b: [], c: { type: 'array', items: [null] } } },
          },
        },
      ],
    },
    {
      nodes: [
        {
          config: {
            type: 'CONDITION',
            conditions: [null, { connectionIdentifier: {} }],
            defaultConnectionIdentifier: [],
          },
        },
      ],
    },
    {
      nodes: [{ config: { type: 'INTEGRATION_ACTION', integrationActionExecutionProperties: [null] } }],
      connections: [null, 1],
    },
    { identifier: { toString: 'x' }, constructor: 1, __proto__: [] },
    JSON.parse(
      '{"__proto__":{"nodes":[]},"nodes":[{"__proto__":null,"config":{"__proto__":{"type":"WEBHOOK"}}}]}',
    ),
  ])('answers %p with problems', async (input) => {
    expectWellFormed(await validateWorkflow(input));
  });

  it('answers random documents with problems', async () => {
    const random = seededRandom(20260128);
    for (let i = 0; i < 300; i += 1) expectWellFormed(await validateWorkflow(randomJson(random, 6)));
  });

  it('answers randomly broken reference examples with problems', async () => {
    const random = seededRandom(7);
    const fixtures = loadFixtures().map(([, fixture]) => fixture);
    for (let i = 0; i < 400; i += 1) {
      expectWellFormed(await validateWorkflow(mutate(fixtures[i % fixtures.length], random)));
    }
  });
});
