import type { FieldProblem, Workflow } from '../api/types';

type Json = Record<string, unknown>;

/** The JSON Schema and UI hints of a workflow's self-service trigger inputs, or no schema without one. */
export function inputSchemaOf(workflow: Workflow): { schema: Json | null; uiSchema: Json } {
  const trigger = workflow.nodes.find((node) => node.config.type === 'SELF_SERVE_TRIGGER');
  if (!trigger) return { schema: null, uiSchema: {} };
  const userInputs = (trigger.config['userInputs'] ?? {}) as Json;
  const properties = (userInputs['properties'] ?? {}) as Record<string, Json>;
  const order = Array.isArray(userInputs['order']) ? (userInputs['order'] as string[]) : undefined;
  const schema: Json = {
    type: 'object',
    title: trigger.title ?? workflow.title ?? workflow.identifier,
    properties: Object.fromEntries(
      // Port's `format: entity` (and the like) is for the portal; the form shows a plain text field.
      Object.entries(properties).map(([name, property]) => [
        name,
        property['format'] === 'entity' ? withoutKeys(property, ['format', 'blueprint']) : property,
      ]),
    ),
    required: Array.isArray(userInputs['required']) ? userInputs['required'] : [],
  };
  return { schema, uiSchema: order ? { 'ui:order': [...order, '*'] } : {} };
}

/** The API's problems (`inputs.version`, `inputs.a.b`) as the form's error schema, at each field. */
export function fieldErrorsOf(problems: FieldProblem[]): Json {
  const errors: Json = {};
  for (const problem of problems) {
    const segments = problem.path
      .replace(/^inputs\.?/, '')
      .split('.')
      .filter(Boolean);
    let at = errors;
    for (const segment of segments) at = (at[segment] ??= {}) as Json;
    at['__errors'] = [...((at['__errors'] as string[] | undefined) ?? []), problem.message];
  }
  return errors;
}

function withoutKeys(value: Json, keys: string[]): Json {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}
