import { JsonObject, isJsonObject } from '../json';
import { looksLikeJqQuery } from '../model/jq-query';
import { CONDITION_TYPE, isActionType } from '../model/node-types';
import { childPath } from '../paths';
import { Problem, ProblemCode, problem } from '../problems';
import { checkInputValue } from '../user-inputs/input-validator';
import { isUrl } from '../user-inputs/formats';

/**
 * Rules that span several fields of one node, beyond what a field decorator can say: execution options
 * only where they mean something, coherent retry intervals, form keys that name real inputs, literal
 * defaults that the form itself would accept, and a GitHub repository with an owner.
 */
export function checkNodeConfigs(workflow: JsonObject): Problem[] {
  const defaults = isJsonObject(workflow.defaults) ? checkRetryIntervals(workflow.defaults, 'defaults') : [];
  if (!Array.isArray(workflow.nodes)) return defaults;
  return defaults.concat(
    workflow.nodes.flatMap((node, index) => {
      if (!isJsonObject(node) || !isJsonObject(node.config)) return [];
      const nodePath = childPath('nodes', index);
      const configPath = childPath(nodePath, 'config');
      const problems = checkExecutionOptions(node, node.config.type, nodePath);
      if (node.config.type === 'SELF_SERVE_TRIGGER' && isJsonObject(node.config.userInputs)) {
        problems.push(...checkForm(node.config.userInputs, childPath(configPath, 'userInputs')));
      }
      if (node.config.type === 'WEBHOOK')
        problems.push(...checkLiteralUrl(node.config.url, childPath(configPath, 'url')));
      if (node.config.type === 'INPUT') problems.push(...checkApproval(node.config, configPath));
      if (node.config.type === 'INTEGRATION_ACTION' && node.config.integrationProvider === 'GITHUB') {
        const dispatch = node.config.integrationActionExecutionProperties;
        if (isJsonObject(dispatch))
          problems.push(
            ...checkRepoOwner(dispatch, childPath(configPath, 'integrationActionExecutionProperties')),
          );
      }
      return problems;
    }),
  );
}

function checkExecutionOptions(node: JsonObject, type: unknown, nodePath: string): Problem[] {
  const problems: Problem[] = [];
  const actionOnly = ['retry', 'timeoutSeconds', 'onTimeout'];
  const allowed = isActionType(type)
    ? [...actionOnly, 'onFailure']
    : type === CONDITION_TYPE
      ? ['onFailure']
      : [];
  for (const option of [...actionOnly, 'onFailure']) {
    if (node[option] !== undefined && !allowed.includes(option)) {
      const message = `${option} applies only to ${option === 'onFailure' ? 'action and CONDITION' : 'action'} nodes`;
      problems.push(problem(childPath(nodePath, option), ProblemCode.INVALID_FIELD, message));
    }
  }
  problems.push(...checkRetryIntervals(node, nodePath));
  return problems;
}

/** A node's or the workflow defaults' `retry`: the longest wait may not be shorter than the first. */
function checkRetryIntervals(owner: JsonObject, ownerPath: string): Problem[] {
  const retry = owner.retry;
  if (
    isJsonObject(retry) &&
    typeof retry.initialIntervalMs === 'number' &&
    typeof retry.maxIntervalMs === 'number' &&
    retry.maxIntervalMs < retry.initialIntervalMs
  ) {
    const message = 'maxIntervalMs must not be shorter than initialIntervalMs';
    return [
      problem(childPath(childPath(ownerPath, 'retry'), 'maxIntervalMs'), ProblemCode.INVALID_FIELD, message),
    ];
  }
  return [];
}

function checkForm(userInputs: JsonObject, path: string): Problem[] {
  const problems: Problem[] = [];
  const inputs = isJsonObject(userInputs.properties) ? userInputs.properties : {};
  const mustNameInputs = (keys: unknown, keysPath: string) => {
    if (!Array.isArray(keys)) return;
    keys.forEach((key, index) => {
      if (typeof key === 'string' && !(key in inputs)) {
        problems.push(
          problem(
            childPath(keysPath, index),
            ProblemCode.INVALID_FIELD,
            `"${key}" is not an input of this form`,
          ),
        );
      }
    });
  };
  mustNameInputs(userInputs.required, childPath(path, 'required'));
  mustNameInputs(userInputs.order, childPath(path, 'order'));
  if (Array.isArray(userInputs.steps)) {
    userInputs.steps.forEach((step, index) => {
      if (isJsonObject(step))
        mustNameInputs(step.order, childPath(childPath(childPath(path, 'steps'), index), 'order'));
    });
  }
  for (const [key, input] of Object.entries(inputs)) {
    if (!isJsonObject(input)) continue;
    const inputPath = childPath(childPath(path, 'properties'), key);
    mustNameInputs(input.dependsOn, childPath(inputPath, 'dependsOn'));
    // A malformed `{ jqQuery }` is already reported by the field check.
    if (input.default !== undefined && !looksLikeJqQuery(input.default)) {
      for (const found of checkInputValue(input, input.default, childPath(inputPath, 'default'))) {
        problems.push(problem(found.path, ProblemCode.INVALID_DEFAULT, `default ${found.message}`));
      }
    }
  }
  return problems;
}

/** Without `org`, `repo` must carry the owner (`owner/name`), unless a template will supply it. */
function checkRepoOwner(dispatch: JsonObject, path: string): Problem[] {
  const repo = dispatch.repo;
  if (dispatch.org !== undefined || typeof repo !== 'string' || repo.includes('/') || repo.includes('{{'))
    return [];
  const message = 'repo must be "owner/name" when org is not given';
  return [problem(childPath(path, 'repo'), ProblemCode.INVALID_FIELD, message)];
}

/**
 * An approval names at least one approver, a quorum count that listed users alone can reach (when no
 * role or team widens the set), and a notification URL that is one.
 */
function checkApproval(config: JsonObject, path: string): Problem[] {
  const problems: Problem[] = [];
  const approvers = isJsonObject(config.approvers) ? config.approvers : undefined;
  const listed = (kind: string) => {
    const value = approvers?.[kind];
    return Array.isArray(value) ? value.length : 0;
  };
  if (approvers && listed('users') + listed('roles') + listed('teams') === 0) {
    const message = 'approvers must name at least one user, role or team';
    problems.push(problem(childPath(path, 'approvers'), ProblemCode.INVALID_FIELD, message));
  }
  const count = isJsonObject(config.quorum) ? config.quorum.count : undefined;
  if (
    approvers &&
    typeof count === 'number' &&
    listed('roles') + listed('teams') === 0 &&
    count > listed('users')
  ) {
    const message = `quorum count ${count} can never be reached by the ${listed('users')} listed users`;
    problems.push(problem(childPath(childPath(path, 'quorum'), 'count'), ProblemCode.INVALID_FIELD, message));
  }
  if (isJsonObject(config.notify)) {
    problems.push(...checkLiteralUrl(config.notify.url, childPath(childPath(path, 'notify'), 'url')));
  }
  return problems;
}

/** A URL without templates is known now; one with templates is only known (and SSRF-checked) at run time. */
function checkLiteralUrl(url: unknown, path: string): Problem[] {
  if (typeof url !== 'string' || url === '' || url.includes('{{')) return [];
  if (isUrl(url) && /^https?:/i.test(url)) return [];
  return [
    problem(
      path,
      ProblemCode.INVALID_FIELD,
      'url must be an absolute http(s) URL or contain a {{ }} template',
    ),
  ];
}
