import { Problem } from '../problems';
import { ValidateWorkflowOptions, validateWorkflow } from '../validation/validate-workflow';

// Small workflow builders for specs: a self-service trigger named `trigger` plus the nodes under test,
// each connected from the trigger unless connections are given.

export type Json = Record<string, unknown>;

export function selfServeTrigger(properties: Json = {}, userInputs: Json = {}): Json {
  return {
    identifier: 'trigger',
    config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties, ...userInputs } },
  };
}

export function node(identifier: string, config: Json, extra: Json = {}): Json {
  return { identifier, config, ...extra };
}

export function workflowWith(nodes: Json[], connections?: Json[]): Json {
  const wired =
    connections ??
    nodes.map((target) => ({ sourceIdentifier: 'trigger', targetIdentifier: target.identifier }));
  return { identifier: 'wf', nodes: [selfServeTrigger(), ...nodes], connections: wired };
}

/** `CODE path` for each problem: compact, order-independent assertions. */
export async function problemsOf(input: unknown, options?: ValidateWorkflowOptions): Promise<string[]> {
  const { problems } = await validateWorkflow(input, options);
  return summarize(problems);
}

export function summarize(problems: Problem[]): string[] {
  return problems.map((found) => `${found.code} ${found.path}`).sort();
}

/** Problems for a workflow whose only non-trigger node has this config. */
export function problemsOfConfig(config: Json, extra: Json = {}): Promise<string[]> {
  return problemsOf(workflowWith([node('n', config, extra)]));
}
