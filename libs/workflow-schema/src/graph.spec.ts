import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findCycles, reachableFrom, topologicalOrder } from './graph-algorithms';
import { WorkflowGraph } from './graph';
import { validateWorkflow } from './validation/validate-workflow';
import { Workflow } from './model/workflow';

async function referenceWorkflow(): Promise<Workflow> {
  const input = JSON.parse(
    readFileSync(join(__dirname, '__fixtures__/reference-deploy-with-condition.json'), 'utf8'),
  ) as unknown;
  const { workflow } = await validateWorkflow(input);
  if (!workflow) throw new Error('fixture should validate');
  return workflow;
}

describe('WorkflowGraph (reference §7: condition, two branches, one join)', () => {
  it('finds triggers, actions and nodes by identifier and type', async () => {
    const graph = new WorkflowGraph(await referenceWorkflow());
    expect(graph.triggerNodes().map((n) => n.identifier)).toEqual(['trigger']);
    expect(graph.actionNodes().map((n) => n.identifier)).toEqual([
      'deploy-prod',
      'deploy-non-prod',
      'record-deployment',
    ]);
    expect(graph.nodeOfType('check-env', 'CONDITION')?.config.options.map((o) => o.identifier)).toEqual([
      'production',
      'non-production',
    ]);
    expect(graph.nodeOfType('check-env', 'WEBHOOK')).toBeUndefined();
    expect(graph.isCondition('check-env')).toBe(true);
    expect(graph.node('nope')).toBeUndefined();
  });

  it('lists incoming and outgoing connections', async () => {
    const graph = new WorkflowGraph(await referenceWorkflow());
    expect(graph.outgoingConnections('check-env').map((c) => c.targetIdentifier)).toEqual([
      'deploy-prod',
      'deploy-non-prod',
    ]);
    expect(graph.incomingConnections('record-deployment').map((c) => c.sourceIdentifier)).toEqual([
      'deploy-prod',
      'deploy-non-prod',
    ]);
    expect(graph.incomingConnections('trigger')).toEqual([]);
    expect(graph.outgoingConnections('unknown')).toEqual([]);
  });

  it('selects the edges of a condition outcome, or its fallback', async () => {
    const graph = new WorkflowGraph(await referenceWorkflow());
    expect(graph.connectionsForOutcome('check-env', 'production').map((c) => c.targetIdentifier)).toEqual([
      'deploy-prod',
    ]);
    expect(graph.connectionsForOutcome('check-env', undefined)).toEqual([]);
  });

  it('orders nodes after all their predecessors and finds descendants', async () => {
    const graph = new WorkflowGraph(await referenceWorkflow());
    expect(graph.topologicalOrder()).toEqual([
      'trigger',
      'check-env',
      'deploy-prod',
      'deploy-non-prod',
      'record-deployment',
    ]);
    expect([...graph.descendantsOf('deploy-prod')]).toEqual(['record-deployment']);
    expect([...graph.descendantsOf('check-env')].sort()).toEqual([
      'deploy-non-prod',
      'deploy-prod',
      'record-deployment',
    ]);
  });
});

describe('graph algorithms', () => {
  const adjacency = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

  it('finds what is reachable', () => {
    expect([...reachableFrom(['a'], adjacency({ a: ['b'], b: ['c'], d: ['a'] }))]).toEqual(['a', 'b', 'c']);
  });

  it('orders a DAG and reports what a cycle blocks', () => {
    expect(topologicalOrder(['a', 'b', 'c'], adjacency({ a: ['c'], b: ['c'] }))).toEqual({
      order: ['a', 'b', 'c'],
      blocked: [],
    });
    expect(topologicalOrder(['a', 'b', 'c', 'd'], adjacency({ a: ['b'], b: ['c'], c: ['b', 'd'] }))).toEqual({
      order: ['a'],
      blocked: ['b', 'c', 'd'],
    });
  });

  it('finds each cycle once, as a closed walk', () => {
    const edges = adjacency({ a: ['b'], b: ['c', 'a'], c: ['a'], d: ['d'], e: ['f'] });
    expect(findCycles(['a', 'b', 'c', 'd', 'e', 'f'], edges)).toEqual([
      ['a', 'b', 'a'],
      ['d', 'd'],
    ]);
    expect(findCycles(['x', 'y'], adjacency({ x: ['y'] }))).toEqual([]);
  });

  it('handles long chains without recursion', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `n${i}`);
    const edges = new Map(ids.map((id, i) => [id, i + 1 < ids.length ? [ids[i + 1]] : [ids[0]]]));
    expect(findCycles(ids, edges)[0]).toHaveLength(20_001);
  });
});
