import { node, problemsOf, selfServeTrigger } from '../__fixtures__/builders';
import { validateWorkflow } from './validate-workflow';

const webhook = (identifier: string) => node(identifier, { type: 'WEBHOOK', url: 'https://x.io' });
const condition = (identifier: string, ...options: string[]) =>
  node(identifier, {
    type: 'CONDITION',
    options: options.map((o) => ({ identifier: o, expression: 'true' })),
  });
const edge = (sourceIdentifier: string, targetIdentifier: string, extra: Record<string, unknown> = {}) => ({
  sourceIdentifier,
  targetIdentifier,
  ...extra,
});
const graph = (nodes: Array<Record<string, unknown>>, connections: Array<Record<string, unknown>>) => ({
  identifier: 'wf',
  nodes,
  connections,
});

describe('graph rules', () => {
  it('needs at least one trigger', async () => {
    expect(await problemsOf(graph([webhook('a')], []))).toEqual(['NO_TRIGGER nodes']);
    expect(await problemsOf(graph([], []))).toEqual(['NO_TRIGGER nodes']);
  });

  it('never lets a trigger be a target', async () => {
    const second = node('t2', {
      type: 'EVENT_TRIGGER',
      event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'b' },
    });
    expect(await problemsOf(graph([selfServeTrigger(), second], [edge('trigger', 't2')]))).toEqual([
      'TRIGGER_AS_TARGET connections[0].targetIdentifier',
    ]);
  });

  it('refuses duplicate node and connection identifiers', async () => {
    const workflow = graph(
      [selfServeTrigger(), webhook('a'), webhook('a')],
      [
        edge('trigger', 'a', { identifier: 'c' }),
        edge('trigger', 'a', { identifier: 'c', description: 'again' }),
      ],
    );
    expect(await problemsOf(workflow)).toEqual([
      'DUPLICATE_CONNECTION connections[1]',
      'DUPLICATE_CONNECTION_IDENTIFIER connections[1].identifier',
      'DUPLICATE_NODE_IDENTIFIER nodes[2].identifier',
    ]);
  });

  it('needs every connection to name existing nodes', async () => {
    const workflow = graph(
      [selfServeTrigger(), webhook('a')],
      [edge('trigger', 'a'), edge('ghost', 'a'), edge('a', 'nobody')],
    );
    expect(await problemsOf(workflow)).toEqual([
      'UNKNOWN_CONNECTION_NODE connections[1].sourceIdentifier',
      'UNKNOWN_CONNECTION_NODE connections[2].targetIdentifier',
    ]);
  });

  it('needs each edge leaving a CONDITION to name one of its options or be its single fallback', async () => {
    const nodes = [
      selfServeTrigger(),
      condition('c', 'yes'),
      webhook('a'),
      webhook('b'),
      webhook('d'),
      webhook('e'),
    ];
    const workflow = graph(nodes, [
      edge('trigger', 'c'),
      edge('c', 'a', { sourceOptionIdentifier: 'no' }),
      edge('c', 'b'),
      edge('c', 'd', { fallback: true }),
      edge('c', 'e', { fallback: true }),
      edge('c', 'a', { sourceOptionIdentifier: 'yes', fallback: true }),
    ]);
    expect(await problemsOf(workflow)).toEqual([
      'AMBIGUOUS_CONDITION_EDGE connections[5]',
      'MISSING_CONDITION_OPTION connections[2]',
      'MULTIPLE_FALLBACKS connections[4].fallback',
      'UNKNOWN_CONDITION_OPTION connections[1].sourceOptionIdentifier',
    ]);
  });

  it('refuses option or fallback labels on edges that do not leave a CONDITION', async () => {
    const workflow = graph(
      [selfServeTrigger(), webhook('a'), webhook('b')],
      [edge('trigger', 'a', { sourceOptionIdentifier: 'x' }), edge('trigger', 'b', { fallback: true })],
    );
    expect(await problemsOf(workflow)).toEqual([
      'NOT_A_CONDITION_EDGE connections[0].sourceOptionIdentifier',
      'NOT_A_CONDITION_EDGE connections[1].fallback',
    ]);
  });

  it('allows fan-out, several edges per option, and joins (DESIGN.md §4.6)', async () => {
    const nodes = [
      selfServeTrigger(),
      condition('c', 'yes', 'no'),
      webhook('a'),
      webhook('b'),
      webhook('join'),
    ];
    const workflow = graph(nodes, [
      edge('trigger', 'c'),
      edge('c', 'a', { sourceOptionIdentifier: 'yes' }),
      edge('c', 'b', { sourceOptionIdentifier: 'yes' }),
      edge('c', 'join', { fallback: true }),
      edge('a', 'join'),
      edge('b', 'join'),
    ]);
    expect(await problemsOf(workflow)).toEqual([]);
  });

  it('refuses cycles, pointing at the connection that closes each', async () => {
    const nodes = [selfServeTrigger(), webhook('a'), webhook('b'), webhook('c'), webhook('self')];
    const workflow = graph(nodes, [
      edge('trigger', 'a'),
      edge('a', 'b'),
      edge('b', 'c'),
      edge('c', 'a'),
      edge('trigger', 'self'),
      edge('self', 'self'),
    ]);
    const { problems } = await validateWorkflow(workflow);
    expect(problems).toEqual([
      { path: 'connections[3]', code: 'CYCLE', message: 'connections form a cycle: a -> b -> c -> a' },
      { path: 'connections[5]', code: 'CYCLE', message: 'connections form a cycle: self -> self' },
    ]);
  });

  it('needs every node to be reachable from a trigger', async () => {
    const workflow = graph(
      [selfServeTrigger(), webhook('a'), webhook('island'), webhook('after-island')],
      [edge('trigger', 'a'), edge('island', 'after-island')],
    );
    expect(await problemsOf(workflow)).toEqual(['UNREACHABLE_NODE nodes[2]', 'UNREACHABLE_NODE nodes[3]']);
  });

  it('reports every broken rule of one definition together', async () => {
    const workflow = graph(
      [webhook('a'), webhook('a'), webhook('b')],
      [edge('a', 'b'), edge('b', 'a'), edge('a', 'ghost'), edge('b', 'a', { fallback: true })],
    );
    expect(await problemsOf(workflow)).toEqual([
      'CYCLE connections[1]',
      'DUPLICATE_NODE_IDENTIFIER nodes[1].identifier',
      'NOT_A_CONDITION_EDGE connections[3].fallback',
      'NO_TRIGGER nodes',
      'UNKNOWN_CONNECTION_NODE connections[2].targetIdentifier',
    ]);
  });
});
