import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

// class-transformer keeps its @Type metadata in a module it does not type; the JSON Schema generator
// needs it to follow nested classes. Required (not imported) so no ambient declaration has to travel
// with this lib into every project that compiles it.
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { validationMetadataArrayToSchemas } from 'class-validator-jsonschema';
import { cloneJson, isJsonObject } from './json';
import { RetryPolicy, WorkflowDefaults } from './model/execution-policy';
import { IDENTIFIER_MAX_LENGTH, IDENTIFIER_PATTERN_SOURCE, IS_IDENTIFIER } from './model/identifier';
import { IS_BOOLEAN_OR_JQ_QUERY, IS_LITERAL_OR_JQ_QUERY, IS_STRING_LIST_OR_JQ_QUERY } from './model/jq-query';
import * as json from './model/json-values';
import { NODE_CONFIG_CLASSES } from './model/node-config';
import { ConditionOption } from './model/nodes/condition';
import { ApprovalNotify, Approvers, InputOutlet, IS_APPROVAL_QUORUM } from './model/nodes/input';
import { GithubDispatch } from './model/nodes/integration-action';
import { EntityEvent, JqCondition } from './model/nodes/triggers';
import { EntityMapping } from './model/nodes/upsert-entity';
import { EntityDataset, EntitySort } from './model/user-inputs/dataset';
import { INPUT_CLASSES } from './model/user-inputs/user-input';
import { FormSection, FormStep, UserInputs } from './model/user-inputs/user-inputs';
import { Connection, Workflow, WorkflowNode } from './model/workflow';

export type JsonSchema = Record<string, unknown>;

const REF = '#/definitions/';
const ref = (name: string) => ({ $ref: REF + name });
const JQ_QUERY = ref('JqQuery');

/** The model's classes: the single source of both validation and this schema. */
const SCHEMA_CLASSES: Array<new () => object> = [
  Workflow,
  WorkflowNode,
  Connection,
  RetryPolicy,
  WorkflowDefaults,
  ...Object.values(NODE_CONFIG_CLASSES),
  ConditionOption,
  Approvers,
  ApprovalNotify,
  InputOutlet,
  EntityEvent,
  JqCondition,
  EntityMapping,
  GithubDispatch,
  UserInputs,
  FormSection,
  FormStep,
  ...Object.values(INPUT_CLASSES),
  EntityDataset,
  EntitySort,
];

/** Schemas for this library's own named checks (see model/simple-validator.ts). */
const CONVERTERS: Record<string, JsonSchema | ((meta: ValidationMetadata) => JsonSchema)> = {
  [IS_IDENTIFIER]: {
    type: 'string',
    minLength: 1,
    maxLength: IDENTIFIER_MAX_LENGTH,
    pattern: IDENTIFIER_PATTERN_SOURCE,
  },
  [IS_BOOLEAN_OR_JQ_QUERY]: { oneOf: [{ type: 'boolean' }, JQ_QUERY] },
  [IS_STRING_LIST_OR_JQ_QUERY]: { oneOf: [{ type: 'array', items: { type: 'string' } }, JQ_QUERY] },
  [IS_APPROVAL_QUORUM]: {
    oneOf: [
      { type: 'string', enum: ['ANY', 'ALL'] },
      {
        type: 'object',
        properties: { count: { type: 'integer', minimum: 1 } },
        required: ['count'],
        additionalProperties: false,
      },
    ],
  },
  [IS_LITERAL_OR_JQ_QUERY]: { description: 'a literal value or { "jqQuery": string }' },
  [json.IS_JSON_OBJECT]: { type: 'object' },
  [json.IS_OBJECT_OR_ARRAY]: { type: ['object', 'array'] },
  [json.IS_STRING_RECORD]: { type: 'object', additionalProperties: { type: 'string' } },
  [json.IS_NULLABLE_STRING_RECORD]: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
  [json.IS_RELATION_RECORD]: {
    type: 'object',
    additionalProperties: {
      anyOf: [{ type: ['string', 'null'] }, { type: 'array', items: { type: 'string' } }],
    },
  },
  [json.IS_STRING_OR_STRING_LIST]: {
    anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  },
  [json.IS_BOOLEAN_OR_STRING]: { type: ['boolean', 'string'] },
  [json.IS_BOOLEAN_OR_OBJECT]: { type: ['boolean', 'object'] },
  [json.MAX_KEYS]: (meta) => ({ type: 'object', maxProperties: meta.constraints[0] as number }),
  // The library's own min/max converters also say `type: number`, which would override IsInt's `integer`.
  min: (meta) => ({ minimum: meta.constraints[0] as number }),
  max: (meta) => ({ maximum: meta.constraints[0] as number }),
};

let cached: JsonSchema | undefined;

/**
 * JSON Schema (draft-07, with an OpenAPI `discriminator` hint) of a workflow definition in its
 * canonical spelling, generated from the class-validator model. For editors and API docs: it checks
 * fields, not graph rules or JQ syntax, and rejects alias spellings that normalisation would accept.
 */
export function workflowJsonSchema(): JsonSchema {
  cached ??= buildSchema();
  return cloneJson(cached);
}

function buildSchema(): JsonSchema {
  const definitions = validationMetadataArrayToSchemas(modelMetadata(), {
    classTransformerMetadataStorage: defaultMetadataStorage,
    additionalConverters: CONVERTERS,
    refPointerPrefix: REF,
  }) as Record<string, JsonSchema>;
  for (const definition of Object.values(definitions)) definition.additionalProperties = false;
  allowNull(definitions);

  // Unions the generator cannot infer from `@Type` functions.
  const inputUnion = { oneOf: Object.values(INPUT_CLASSES).map((input) => ref(input.name)) };
  setProperty(definitions.WorkflowNode, 'config', {
    oneOf: Object.values(NODE_CONFIG_CLASSES).map((config) => ref(config.name)),
    discriminator: { propertyName: 'type' },
  });
  setProperty(definitions.UserInputs, 'properties', { type: 'object', additionalProperties: inputUnion });
  setProperty(definitions.UserInputs, 'titles', {
    type: 'object',
    additionalProperties: ref(FormSection.name),
  });
  setProperty(definitions.ArrayInput, 'items', inputUnion);
  setProperty(definitions.IntegrationActionConfig, 'integrationActionExecutionProperties', {
    type: 'object',
  });
  Object.assign(definitions.IntegrationActionConfig, {
    if: { properties: { integrationProvider: { const: 'GITHUB' } } },
    then: { properties: { integrationActionExecutionProperties: ref(GithubDispatch.name) } },
  });
  definitions.JqQuery = {
    type: 'object',
    properties: { jqQuery: { type: 'string' } },
    required: ['jqQuery'],
    additionalProperties: false,
  };

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Flowline workflow definition',
    ...ref(Workflow.name),
    definitions: reachable(definitions, Workflow.name),
  };
}

function modelMetadata(): ValidationMetadata[] {
  const storage = getMetadataStorage();
  const metadata = new Set<ValidationMetadata>();
  for (const target of SCHEMA_CLASSES) {
    for (const meta of storage.getTargetValidationMetadatas(target, '', true, false)) metadata.add(meta);
  }
  // Custom checks are keyed by their registered name, which CONVERTERS uses.
  return [...metadata].map((meta) => {
    const [constraint] = meta.constraintCls ? storage.getTargetValidatorConstraints(meta.constraintCls) : [];
    return constraint ? ({ ...meta, type: constraint.name } as ValidationMetadata) : meta;
  });
}

/** `@IsOptional()` fields (titles, icons, descriptions) accept null, which the generator does not say. */
function allowNull(definitions: Record<string, JsonSchema>) {
  const storage = getMetadataStorage();
  for (const target of SCHEMA_CLASSES) {
    for (const meta of storage.getTargetValidationMetadatas(target, '', true, false)) {
      const properties = definitions[target.name]?.properties;
      if (
        meta.name !== 'isOptional' ||
        !isJsonObject(properties) ||
        !isJsonObject(properties[meta.propertyName])
      )
        continue;
      const schema = properties[meta.propertyName] as JsonSchema;
      if (!('anyOf' in schema && Array.isArray(schema.anyOf)))
        properties[meta.propertyName] = { anyOf: [schema, { type: 'null' }] };
    }
  }
}

function setProperty(definition: JsonSchema | undefined, property: string, schema: JsonSchema) {
  if (definition && isJsonObject(definition.properties)) definition.properties[property] = schema;
}

/** Only the definitions the root reaches, so unrelated classes (e.g. abstract bases) stay out. */
function reachable(definitions: Record<string, JsonSchema>, root: string): Record<string, JsonSchema> {
  const kept: Record<string, JsonSchema> = {};
  const pending = [root];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (kept[name] || !definitions[name]) continue;
    kept[name] = definitions[name];
    JSON.stringify(definitions[name], (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(REF))
        pending.push(value.slice(REF.length));
      return value;
    });
  }
  return kept;
}
