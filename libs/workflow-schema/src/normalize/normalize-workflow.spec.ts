import { node, problemsOf, selfServeTrigger } from '../__fixtures__/builders';
import { normalizeWorkflow, toOriginalPath } from './normalize-workflow';

const webhook = (identifier: string) => node(identifier, { type: 'WEBHOOK', url: 'https://x.io' });
const conditionWorkflow = (config: Record<string, unknown>, connections: Array<Record<string, unknown>>) => ({
  identifier: 'wf',
  nodes: [selfServeTrigger(), node('check', { type: 'CONDITION', ...config }), webhook('a'), webhook('b')],
  connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'check' }, ...connections],
});

describe('normalizeWorkflow', () => {
  it('renames CONDITION outlets to options and sourceOutletIdentifier to sourceOptionIdentifier', () => {
    const input = conditionWorkflow({ outlets: [{ identifier: 'yes', expression: 'true' }] }, [
      { sourceIdentifier: 'check', targetIdentifier: 'a', sourceOutletIdentifier: 'yes' },
      { sourceIdentifier: 'check', targetIdentifier: 'b', fallback: true },
    ]);
    const { workflow, aliases, problems } = normalizeWorkflow(input);
    expect(problems).toEqual([]);
    expect(workflow.nodes[1].config).toEqual({
      type: 'CONDITION',
      options: [{ identifier: 'yes', expression: 'true' }],
    });
    expect(workflow.connections[1]).toEqual({
      identifier: 'connection-2',
      sourceIdentifier: 'check',
      targetIdentifier: 'a',
      sourceOptionIdentifier: 'yes',
    });
    expect(aliases).toEqual([
      { path: 'nodes[1].config.options', originalPath: 'nodes[1].config.outlets' },
      {
        path: 'connections[1].sourceOptionIdentifier',
        originalPath: 'connections[1].sourceOutletIdentifier',
      },
    ]);
  });

  it('turns conditions[].connectionIdentifier + defaultConnectionIdentifier into options and labelled connections', () => {
    const input = conditionWorkflow(
      {
        conditions: [{ title: 'Yes', expression: '.x', connectionIdentifier: 'to-a' }],
        defaultConnectionIdentifier: 'to-b',
      },
      [
        { identifier: 'to-a', sourceIdentifier: 'check', targetIdentifier: 'a' },
        { identifier: 'to-b', sourceIdentifier: 'check', targetIdentifier: 'b' },
      ],
    );
    const { workflow, problems } = normalizeWorkflow(input);
    expect(problems).toEqual([]);
    expect(workflow.nodes[1].config).toEqual({
      type: 'CONDITION',
      options: [{ identifier: 'to-a', title: 'Yes', expression: '.x' }],
    });
    expect(workflow.connections.slice(1)).toEqual([
      {
        identifier: 'to-a',
        sourceIdentifier: 'check',
        targetIdentifier: 'a',
        sourceOptionIdentifier: 'to-a',
      },
      { identifier: 'to-b', sourceIdentifier: 'check', targetIdentifier: 'b', fallback: true },
    ]);
  });

  it('reports old-style links to connections that do not exist or do not leave the condition', () => {
    const input = conditionWorkflow(
      {
        conditions: [{ expression: '.x', connectionIdentifier: 'nowhere' }],
        defaultConnectionIdentifier: 'elsewhere',
      },
      [{ identifier: 'elsewhere', sourceIdentifier: 'trigger', targetIdentifier: 'b' }],
    );
    expect(normalizeWorkflow(input).problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'UNKNOWN_CONDITION_CONNECTION nodes[1].config.conditions[0].connectionIdentifier',
      'UNKNOWN_CONDITION_CONNECTION nodes[1].config.defaultConnectionIdentifier',
    ]);
  });

  it('refuses two shapes of one CONDITION and disagreeing connection spellings', () => {
    const input = conditionWorkflow({ options: [{ identifier: 'x', expression: 'true' }], conditions: [] }, [
      {
        sourceIdentifier: 'check',
        targetIdentifier: 'a',
        sourceOptionIdentifier: 'x',
        sourceOutletIdentifier: 'y',
      },
    ]);
    expect(normalizeWorkflow(input).problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'CONFLICTING_ALIASES nodes[1].config.conditions',
      'CONFLICTING_ALIASES connections[1].sourceOutletIdentifier',
    ]);
  });

  it('accepts both spellings when they agree', () => {
    const input = conditionWorkflow({ options: [{ identifier: 'x', expression: 'true' }] }, [
      {
        sourceIdentifier: 'check',
        targetIdentifier: 'a',
        sourceOptionIdentifier: 'x',
        sourceOutletIdentifier: 'x',
      },
    ]);
    expect(normalizeWorkflow(input).problems).toEqual([]);
  });

  it('generates connection identifiers that do not collide with given ones', () => {
    const input = {
      identifier: 'wf',
      nodes: [selfServeTrigger(), webhook('a'), webhook('b')],
      connections: [
        { sourceIdentifier: 'trigger', targetIdentifier: 'a' },
        { identifier: 'connection-2', sourceIdentifier: 'trigger', targetIdentifier: 'b' },
        { sourceIdentifier: 'a', targetIdentifier: 'b' },
      ],
    };
    expect(normalizeWorkflow(input).workflow.connections.map((c) => c.identifier)).toEqual([
      'connection-1',
      'connection-2',
      'connection-3',
    ]);
  });

  it('moves onFailure / onTimeout from an action config onto the node', () => {
    const input = {
      identifier: 'wf',
      nodes: [
        selfServeTrigger(),
        node('a', { type: 'WEBHOOK', url: 'https://x.io', onFailure: 'continue', onTimeout: 'continue' }),
      ],
    };
    const { workflow, aliases } = normalizeWorkflow(input);
    expect(workflow.nodes[1]).toMatchObject({ onFailure: 'continue', onTimeout: 'continue' });
    expect(workflow.nodes[1].config).not.toHaveProperty('onFailure');
    expect(aliases).toContainEqual({ path: 'nodes[1].onFailure', originalPath: 'nodes[1].config.onFailure' });
  });

  it('refuses onFailure set differently on the node and in its config', () => {
    const input = {
      identifier: 'wf',
      nodes: [
        node(
          'a',
          { type: 'WEBHOOK', url: 'https://x.io', onFailure: 'continue' },
          { onFailure: 'terminate' },
        ),
      ],
    };
    expect(normalizeWorkflow(input).problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'CONFLICTING_ALIASES nodes[0].config.onFailure',
    ]);
  });

  it('keeps what the client sent untouched', () => {
    const input = conditionWorkflow({ outlets: [{ identifier: 'yes', expression: 'true' }] }, []);
    const before = JSON.stringify(input);
    const result = normalizeWorkflow(input);
    expect(result.original).toBe(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(result.workflow).not.toBe(input);
  });

  it('keeps a literal "__proto__" key as data', () => {
    const input = JSON.parse('{"identifier":"wf","nodes":[],"__proto__":{"polluted":true}}') as object;
    const { workflow } = normalizeWorkflow(input);
    expect(Object.keys(workflow)).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([null, 1, 'workflow', [], true])('reports %p as not a workflow', (input) => {
    expect(normalizeWorkflow(input).problems.map((p) => p.code)).toEqual(['INVALID_JSON']);
  });
});

describe('problem paths in the client’s spelling', () => {
  it('points into outlets, conditions and config-level options where those were sent', async () => {
    const outlets = conditionWorkflow({ outlets: [{ identifier: 'yes', expression: '.x ==' }] }, [
      { sourceIdentifier: 'check', targetIdentifier: 'a', sourceOutletIdentifier: 'yes' },
      { sourceIdentifier: 'check', targetIdentifier: 'b', sourceOutletIdentifier: 'no' },
    ]);
    expect(await problemsOf(outlets)).toEqual([
      'JQ_SYNTAX nodes[1].config.outlets[0].expression',
      'UNKNOWN_CONDITION_OPTION connections[2].sourceOutletIdentifier',
    ]);

    const conditions = conditionWorkflow(
      { conditions: [{ expression: 3, connectionIdentifier: 'bad id' }] },
      [{ identifier: 'bad id', sourceIdentifier: 'check', targetIdentifier: 'a' }],
    );
    expect(await problemsOf(conditions)).toContain('INVALID_FIELD nodes[1].config.conditions[0].expression');
    expect(await problemsOf(conditions)).toContain(
      'INVALID_IDENTIFIER nodes[1].config.conditions[0].connectionIdentifier',
    );

    const onFailure = {
      identifier: 'wf',
      nodes: [selfServeTrigger(), node('a', { type: 'KAFKA', payload: {}, onFailure: 'ignore' })],
      connections: [{ sourceIdentifier: 'trigger', targetIdentifier: 'a' }],
    };
    expect(await problemsOf(onFailure)).toEqual(['INVALID_FIELD nodes[1].config.onFailure']);
  });

  it('rewrites the longest matching prefix only', () => {
    const aliases = [
      { path: 'nodes[1].config.options', originalPath: 'nodes[1].config.conditions' },
      {
        path: 'nodes[1].config.options[0].identifier',
        originalPath: 'nodes[1].config.conditions[0].connectionIdentifier',
      },
    ];
    expect(toOriginalPath('nodes[1].config.options[0].identifier', aliases)).toBe(
      'nodes[1].config.conditions[0].connectionIdentifier',
    );
    expect(toOriginalPath('nodes[1].config.options[0].title', aliases)).toBe(
      'nodes[1].config.conditions[0].title',
    );
    expect(toOriginalPath('nodes[1].config.optionsX', aliases)).toBe('nodes[1].config.optionsX');
    expect(toOriginalPath('nodes[11].config.options', aliases)).toBe('nodes[11].config.options');
  });
});
