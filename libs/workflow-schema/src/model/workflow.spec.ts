import { node, problemsOf, selfServeTrigger, workflowWith } from '../__fixtures__/builders';
import { normalizeWorkflow } from '../normalize/normalize-workflow';
import { validateWorkflow } from '../validation/validate-workflow';
import { resolveExecutionPolicy } from './execution-policy';

const webhook = { type: 'WEBHOOK', url: 'https://x.io' };

describe('workflow fields', () => {
  it('accepts identifiers of Unicode letters, digits, @ _ : - up to 60 characters', async () => {
    for (const identifier of ['a', 'déploiement', '部署', 'team@svc_1:prod-2', 'x'.repeat(60)]) {
      expect(await problemsOf({ identifier, nodes: [selfServeTrigger()] })).toEqual([]);
    }
  });

  it('refuses identifiers that are empty, too long or contain other characters', async () => {
    for (const identifier of ['', 'x'.repeat(61), 'has space', 'dot.ted', 'slash/ed', 7]) {
      expect(await problemsOf({ identifier, nodes: [selfServeTrigger()] })).toEqual([
        'INVALID_IDENTIFIER identifier',
      ]);
    }
  });

  it('applies the identifier rule to nodes and connections too', async () => {
    const workflow = workflowWith(
      [node('ok', webhook), node('not ok', webhook)],
      [
        { identifier: 'c 1', sourceIdentifier: 'trigger', targetIdentifier: 'ok' },
        { sourceIdentifier: 'trigger', targetIdentifier: 'not ok' },
      ],
    );
    expect(await problemsOf(workflow)).toEqual([
      'INVALID_IDENTIFIER connections[0].identifier',
      'INVALID_IDENTIFIER nodes[2].identifier',
    ]);
  });

  it('accepts nullable display fields, run visibility and a category', async () => {
    const workflow = {
      identifier: 'wf',
      title: null,
      icon: 'Workflow',
      description: null,
      allowAnyoneToViewRuns: false,
      category: 'Deployments',
      nodes: [{ ...selfServeTrigger(), title: null, icon: null, description: 'starts it' }],
      connections: [],
    };
    expect(await problemsOf(workflow)).toEqual([]);
  });

  it('drops the fields the server sets on read, so a fetched workflow can be sent back', async () => {
    const fetched = {
      identifier: 'wf',
      nodes: [selfServeTrigger()],
      orgId: 'org_1',
      version: 3,
      createdBy: 'u',
      updatedBy: 'u',
      createdAt: '2026-01-28T10:00:00Z',
      updatedAt: '2026-01-28T10:00:00Z',
    };
    const result = await validateWorkflow(fetched);
    expect(result.problems).toEqual([]);
    expect(Object.keys(result.workflow ?? {}).sort()).toEqual([
      'allowAnyoneToViewRuns',
      'connections',
      'identifier',
      'nodes',
    ]);
  });

  it('fills defaults into the canonical form', () => {
    expect(normalizeWorkflow({ identifier: 'wf', nodes: [selfServeTrigger()] }).workflow).toEqual({
      identifier: 'wf',
      allowAnyoneToViewRuns: true,
      nodes: [{ ...selfServeTrigger(), variables: {} }],
      connections: [],
    });
  });

  it('reports unknown and malformed top-level fields', async () => {
    expect(
      await problemsOf({ identifier: 'wf', nodes: 'x', connections: {}, enabled: true, title: 4 }),
    ).toEqual([
      'INVALID_FIELD connections',
      'INVALID_FIELD nodes',
      'INVALID_FIELD title',
      'UNKNOWN_FIELD enabled',
    ]);
    expect(await problemsOf({ identifier: 'wf' })).toEqual(['INVALID_FIELD nodes']);
  });

  it('reports a missing, non-object or unknown config once, at the right path', async () => {
    const workflow = workflowWith([
      { identifier: 'a' },
      { identifier: 'b', config: [null] },
      { identifier: 'c', config: { type: 'EMAIL', to: 'x' } },
      { identifier: 'd', config: { url: 'https://x.io' } },
    ]);
    expect(await problemsOf(workflow)).toEqual([
      'INVALID_FIELD nodes[1].config',
      'INVALID_FIELD nodes[2].config',
      'UNKNOWN_NODE_TYPE nodes[3].config.type',
      'UNKNOWN_NODE_TYPE nodes[4].config.type',
    ]);
  });
});

describe('node variables and options', () => {
  it('accepts variables of templates or null, links and verbose', async () => {
    const extra = {
      variables: { id: '{{ .response.data.id }}', response: null, plain: 'x' },
      links: ['https://ci.example.com/{{ .result.runId }}'],
      verbose: true,
    };
    expect(await problemsOf(workflowWith([node('n', webhook, extra)]))).toEqual([]);
  });

  it('refuses non-string variables, more than 3 links and broken templates in both', async () => {
    const extra = { variables: { n: 1 }, links: ['a', 'b', 'c', 'd'] };
    expect(await problemsOf(workflowWith([node('n', webhook, extra)]))).toEqual([
      'INVALID_FIELD nodes[1].links',
      'INVALID_FIELD nodes[1].variables',
    ]);
    const broken = { variables: { id: '{{ .response.data. }}' }, links: ['{{ ( }}'] };
    expect(await problemsOf(workflowWith([node('n', webhook, broken)]))).toEqual([
      'JQ_SYNTAX nodes[1].links[0]',
      'JQ_SYNTAX nodes[1].variables.id',
    ]);
  });

  it('accepts retry, timeout, onTimeout and onFailure on action nodes', async () => {
    const options = {
      retry: {
        maxAttempts: 5,
        initialIntervalMs: 500,
        backoffRate: 1.5,
        maxIntervalMs: 30_000,
        jitter: false,
      },
      timeoutSeconds: 300,
      onTimeout: 'continue',
      onFailure: 'continue',
    };
    expect(await problemsOf(workflowWith([node('n', webhook, options)]))).toEqual([]);
  });

  it('reports bad option values', async () => {
    const options = {
      retry: {
        maxAttempts: 0,
        initialIntervalMs: -1,
        backoffRate: 0.5,
        maxIntervalMs: 1.5,
        jitter: 'yes',
        factor: 2,
      },
      timeoutSeconds: 0,
      onTimeout: 'retry',
      onFailure: 'ignore',
    };
    expect(await problemsOf(workflowWith([node('n', webhook, options)]))).toEqual([
      'INVALID_FIELD nodes[1].onFailure',
      'INVALID_FIELD nodes[1].onTimeout',
      'INVALID_FIELD nodes[1].retry.backoffRate',
      'INVALID_FIELD nodes[1].retry.initialIntervalMs',
      'INVALID_FIELD nodes[1].retry.jitter',
      'INVALID_FIELD nodes[1].retry.maxAttempts',
      'INVALID_FIELD nodes[1].retry.maxIntervalMs',
      'INVALID_FIELD nodes[1].timeoutSeconds',
      'UNKNOWN_FIELD nodes[1].retry.factor',
    ]);
  });

  it('refuses a maximum retry interval shorter than the first', async () => {
    const options = { retry: { initialIntervalMs: 5_000, maxIntervalMs: 1_000 } };
    expect(await problemsOf(workflowWith([node('n', webhook, options)]))).toEqual([
      'INVALID_FIELD nodes[1].retry.maxIntervalMs',
    ]);
  });

  it('refuses execution options on triggers', async () => {
    const trigger = {
      ...selfServeTrigger(),
      retry: {},
      timeoutSeconds: 1,
      onTimeout: 'fail',
      onFailure: 'continue',
    };
    expect(await problemsOf({ identifier: 'wf', nodes: [trigger] })).toEqual([
      'INVALID_FIELD nodes[0].onFailure',
      'INVALID_FIELD nodes[0].onTimeout',
      'INVALID_FIELD nodes[0].retry',
      'INVALID_FIELD nodes[0].timeoutSeconds',
    ]);
  });

  it('resolves every option with its default for the orchestrator', () => {
    expect(resolveExecutionPolicy({})).toEqual({
      retry: {
        maxAttempts: 1,
        initialIntervalMs: 1_000,
        backoffRate: 2,
        maxIntervalMs: 60_000,
        jitter: true,
      },
      timeoutSeconds: undefined,
      onTimeout: 'fail',
      onFailure: 'terminate',
    });
    expect(
      resolveExecutionPolicy({ retry: { maxAttempts: 3 }, timeoutSeconds: 9, onFailure: 'continue' }),
    ).toMatchObject({
      retry: { maxAttempts: 3, initialIntervalMs: 1_000 },
      timeoutSeconds: 9,
      onFailure: 'continue',
    });
  });
});

describe('workflow-level defaults of the execution options (Flowline extension)', () => {
  const retry = {
    maxAttempts: 4,
    initialIntervalMs: 200,
    backoffRate: 3,
    maxIntervalMs: 5_000,
    jitter: false,
  };

  it('accepts defaults next to nodes and keeps them in the canonical form', async () => {
    const defaults = { retry, timeoutSeconds: 60, onTimeout: 'continue', onFailure: 'continue' };
    const workflow = { ...workflowWith([node('n', webhook)]), defaults };
    expect(await problemsOf(workflow)).toEqual([]);
    const validated = await validateWorkflow(workflow);
    expect(validated.workflow?.defaults).toEqual(defaults);
  });

  it('reports bad default values, unknown keys, incoherent intervals and values over the limits', async () => {
    const defaults = {
      retry: { maxAttempts: 0, initialIntervalMs: 5_000, maxIntervalMs: 1_000, factor: 2 },
      timeoutSeconds: 0,
      onTimeout: 'retry',
      onFailure: 'ignore',
      verbose: true,
    };
    expect(await problemsOf({ ...workflowWith([node('n', webhook)]), defaults })).toEqual([
      'INVALID_FIELD defaults.onFailure',
      'INVALID_FIELD defaults.onTimeout',
      'INVALID_FIELD defaults.retry.maxAttempts',
      'INVALID_FIELD defaults.retry.maxIntervalMs',
      'INVALID_FIELD defaults.timeoutSeconds',
      'UNKNOWN_FIELD defaults.retry.factor',
      'UNKNOWN_FIELD defaults.verbose',
    ]);
    const tooMuch = { retry: { maxAttempts: 1000 }, timeoutSeconds: 10 ** 9 };
    expect(await problemsOf({ ...workflowWith([node('n', webhook)]), defaults: tooMuch })).toEqual([
      'LIMIT_EXCEEDED defaults.retry.maxAttempts',
      'LIMIT_EXCEEDED defaults.timeoutSeconds',
    ]);
  });

  it('fills what a node leaves out, the node winning field by field, and only where an option applies', () => {
    const defaults = {
      retry,
      timeoutSeconds: 60,
      onTimeout: 'continue' as const,
      onFailure: 'continue' as const,
    };
    const action = { config: { type: 'WEBHOOK' }, retry: { maxAttempts: 2 }, onTimeout: 'fail' as const };
    expect(resolveExecutionPolicy(action, defaults)).toEqual({
      retry: { ...retry, maxAttempts: 2 },
      timeoutSeconds: 60,
      onTimeout: 'fail',
      onFailure: 'continue',
    });
    expect(resolveExecutionPolicy({ config: { type: 'CONDITION' } }, defaults)).toMatchObject({
      retry: { maxAttempts: 1 },
      timeoutSeconds: undefined,
      onTimeout: 'fail',
      onFailure: 'continue',
    });
    expect(resolveExecutionPolicy({ config: { type: 'SELF_SERVE_TRIGGER' } }, defaults)).toMatchObject({
      timeoutSeconds: undefined,
      onFailure: 'terminate',
    });
    expect(resolveExecutionPolicy({ config: { type: 'WEBHOOK' } })).toEqual(resolveExecutionPolicy({}));
  });
});
