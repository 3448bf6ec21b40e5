import { checkJqSyntax, findTemplates } from '@flowline/jq';
import { JsonObject, isJsonObject } from '../json';
import { isJqQuery } from '../model/jq-query';
import { CONDITION_TYPE, isActionType } from '../model/node-types';
import { childPath } from '../paths';
import { Problem, ProblemCode, problem } from '../problems';

/** One JQ program found in a definition, with the JSON path of the string holding it. */
export interface JqSource {
  path: string;
  expression: string;
  /** Set when the expression is a `{{ }}` part of a larger template string. */
  template?: string;
}

export type JqSyntaxChecker = (expression: string) => Promise<string | undefined>;

/**
 * Every JQ program in a definition (reference §3, §4, §6, §8): bare expressions in CONDITION options,
 * event-trigger conditions and form `{ jqQuery }`s, and the `{{ }}` parts of every string (and key)
 * in action configs, node `variables` and `links`.
 */
export function collectJqSources(workflow: JsonObject): JqSource[] {
  const sources: JqSource[] = [];
  if (!Array.isArray(workflow.nodes)) return sources;
  workflow.nodes.forEach((node, index) => {
    if (!isJsonObject(node)) return;
    const nodePath = childPath('nodes', index);
    const config = isJsonObject(node.config) ? node.config : {};
    const configPath = childPath(nodePath, 'config');
    if (config.type === 'SELF_SERVE_TRIGGER')
      collectFormQueries(config.userInputs, childPath(configPath, 'userInputs'), sources);
    if (config.type === 'EVENT_TRIGGER' && isJsonObject(config.condition)) {
      forEachEntry(
        config.condition.expressions,
        childPath(childPath(configPath, 'condition'), 'expressions'),
        (value, path) => bare(value, path, sources),
      );
    }
    if (config.type === CONDITION_TYPE) {
      forEachEntry(config.options, childPath(configPath, 'options'), (option, path) => {
        if (isJsonObject(option)) bare(option.expression, childPath(path, 'expression'), sources);
      });
    }
    if (config.type === 'INPUT' && isJsonObject(config.notify)) {
      templates(config.notify.url, childPath(childPath(configPath, 'notify'), 'url'), sources);
    }
    if (isActionType(config.type)) {
      for (const [key, value] of Object.entries(config)) {
        if (key !== 'type') templates(value, childPath(configPath, key), sources);
      }
    }
    templates(node.variables, childPath(nodePath, 'variables'), sources);
    templates(node.links, childPath(nodePath, 'links'), sources);
  });
  return sources;
}

/** Compiles every source; each failure becomes a JQ_SYNTAX problem carrying jq's own message. */
export async function checkJqSources(sources: JqSource[], checkSyntax: JqSyntaxChecker = checkJqSyntax) {
  const verdicts = new Map<string, Promise<string | undefined>>();
  const verdictFor = (expression: string) => {
    let verdict = verdicts.get(expression);
    if (!verdict) {
      verdict = checkSyntax(expression).catch((error: unknown) => `jq check failed: ${String(error)}`);
      verdicts.set(expression, verdict);
    }
    return verdict;
  };
  const problems = await Promise.all(
    sources.map(async (source): Promise<Problem | undefined> => {
      const error = await verdictFor(source.expression);
      if (error === undefined) return undefined;
      const where = source.template === undefined ? '' : ` in template {{ ${source.expression} }}`;
      return problem(source.path, ProblemCode.JQ_SYNTAX, `jq${where}: ${error}`);
    }),
  );
  return problems.filter((found): found is Problem => found !== undefined);
}

function bare(value: unknown, path: string, sources: JqSource[]) {
  // An empty expression is already reported as a missing field.
  if (typeof value === 'string' && value !== '') sources.push({ path, expression: value });
}

function jqQuery(value: unknown, path: string, sources: JqSource[]) {
  if (isJqQuery(value)) sources.push({ path: childPath(path, 'jqQuery'), expression: value.jqQuery });
}

function templates(value: unknown, path: string, sources: JqSource[]) {
  if (typeof value === 'string') {
    for (const part of findTemplates(value).parts)
      sources.push({ path, expression: part.expression, template: value });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => templates(item, childPath(path, index), sources));
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const itemPath = childPath(path, key);
      // Keys are templated too (reference §8.2), e.g. a computed header name.
      templates(key, itemPath, sources);
      templates(item, itemPath, sources);
    }
  }
}

/** Form-time `{ jqQuery }`s: required, defaults, visibility, dataset rule values. */
function collectFormQueries(userInputs: unknown, path: string, sources: JqSource[]) {
  if (!isJsonObject(userInputs)) return;
  jqQuery(userInputs.required, childPath(path, 'required'), sources);
  forEachValue(userInputs.properties, childPath(path, 'properties'), (input, inputPath) =>
    collectInputQueries(input, inputPath, sources),
  );
  forEachValue(userInputs.titles, childPath(path, 'titles'), (section, sectionPath) => {
    if (isJsonObject(section)) jqQuery(section.visible, childPath(sectionPath, 'visible'), sources);
  });
  forEachEntry(userInputs.steps, childPath(path, 'steps'), (step, stepPath) => {
    if (isJsonObject(step)) jqQuery(step.visible, childPath(stepPath, 'visible'), sources);
  });
}

function collectInputQueries(input: unknown, path: string, sources: JqSource[]) {
  if (!isJsonObject(input)) return;
  jqQuery(input.default, childPath(path, 'default'), sources);
  jqQuery(input.visible, childPath(path, 'visible'), sources);
  collectDatasetQueries(input.dataset, childPath(path, 'dataset'), sources);
  if (isJsonObject(input.items)) collectInputQueries(input.items, childPath(path, 'items'), sources);
}

function collectDatasetQueries(dataset: unknown, path: string, sources: JqSource[]) {
  if (!isJsonObject(dataset)) return;
  forEachEntry(dataset.rules, childPath(path, 'rules'), (rule, rulePath) => {
    if (!isJsonObject(rule)) return;
    jqQuery(rule.value, childPath(rulePath, 'value'), sources);
    // Rules nest as `{ combinator, rules }` groups.
    if (Array.isArray(rule.rules)) collectDatasetQueries(rule, rulePath, sources);
  });
}

function forEachEntry(list: unknown, path: string, visit: (item: unknown, path: string) => void) {
  if (Array.isArray(list)) list.forEach((item, index) => visit(item, childPath(path, index)));
}

function forEachValue(map: unknown, path: string, visit: (item: unknown, path: string) => void) {
  if (isJsonObject(map)) for (const [key, item] of Object.entries(map)) visit(item, childPath(path, key));
}
