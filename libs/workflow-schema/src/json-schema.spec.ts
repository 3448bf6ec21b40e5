import { node, workflowWith } from './__fixtures__/builders';
import { loadFixtures } from './__fixtures__/load-fixtures';
import { schemaErrors } from './__fixtures__/mini-json-schema';
import { workflowJsonSchema } from './json-schema';
import { NODE_TYPES } from './model/node-types';
import { normalizeWorkflow } from './normalize/normalize-workflow';

type Schema = Record<string, unknown>;
const schema = workflowJsonSchema();
const definitions = schema.definitions as Record<string, Schema>;
const canonical = (input: unknown) => normalizeWorkflow(input).workflow;

describe('workflowJsonSchema', () => {
  it('is draft-07 rooted at the Workflow definition', () => {
    expect(schema).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      $ref: '#/definitions/Workflow',
    });
  });

  it('offers every node type as a config variant, each fixed by its type', () => {
    const variants = (
      (definitions.WorkflowNode.properties as Schema).config as { oneOf: Array<{ $ref: string }> }
    ).oneOf;
    const types = variants.map(({ $ref }) => {
      const definition = definitions[$ref.replace('#/definitions/', '')];
      return ((definition.properties as Schema).type as { enum: string[] }).enum;
    });
    expect(types).toEqual(NODE_TYPES.map((type) => [type]));
  });

  it('describes every input type', () => {
    const inputs = ((definitions.UserInputs.properties as Schema).properties as Schema)
      .additionalProperties as {
      oneOf: Array<{ $ref: string }>;
    };
    expect(inputs.oneOf.map(({ $ref }) => $ref)).toEqual(
      ['StringInput', 'NumberInput', 'BooleanInput', 'ArrayInput', 'ObjectInput'].map(
        (name) => `#/definitions/${name}`,
      ),
    );
  });

  it('carries the identifier rule, nullable display fields and integer bounds', () => {
    const workflow = definitions.Workflow.properties as Schema;
    expect(workflow.identifier).toEqual({
      type: 'string',
      minLength: 1,
      maxLength: 60,
      pattern: '^[\\p{L}0-9@_:-]+$',
    });
    expect(workflow.title).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect((definitions.WorkflowNode.properties as Schema).timeoutSeconds).toEqual({
      type: 'integer',
      minimum: 1,
    });
  });

  it.each(loadFixtures())('accepts the canonical form of %s', (_name, fixture) => {
    expect(schemaErrors(schema, canonical(fixture))).toEqual([]);
  });

  it('rejects what validation rejects field by field', () => {
    expect(schemaErrors(schema, canonical(workflowWith([node('n', { type: 'TELEPORT' })])))).not.toEqual([]);
    expect(schemaErrors(schema, canonical(workflowWith([node('n', { type: 'WEBHOOK' })])))).not.toEqual([]);
    expect(
      schemaErrors(schema, canonical(workflowWith([node('bad id', { type: 'KAFKA', payload: {} })]))),
    ).not.toEqual([]);
    const github = {
      type: 'INTEGRATION_ACTION',
      installationId: 'i',
      integrationActionExecutionProperties: { repo: 'o/r' },
    };
    // The GitHub dispatch needs `workflow`, so no config variant matches.
    expect(schemaErrors(schema, canonical(workflowWith([node('n', github)])))).toEqual([
      '/nodes/1/config: oneOf: 0 options match',
    ]);
    const complete = { ...github, integrationActionExecutionProperties: { repo: 'o/r', workflow: 'w.yml' } };
    expect(schemaErrors(schema, canonical(workflowWith([node('n', complete)])))).toEqual([]);
  });

  it('returns a fresh copy each time', () => {
    const first = workflowJsonSchema();
    first.title = 'changed';
    expect(workflowJsonSchema().title).toBe('Flowline workflow definition');
  });
});
