// Just enough of JSON Schema draft-07 to check documents against workflowJsonSchema() in tests, without
// a validator dependency: $ref, type, enum, const, properties, required, additionalProperties, items,
// oneOf, anyOf, if/then, lengths, pattern, bounds, item and key counts.

type Schema = Record<string, unknown>;

export function schemaErrors(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  check(root, root, value, '', errors);
  return errors;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  const actual = typeOf(value);
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

function check(root: Schema, schema: Schema, value: unknown, path: string, errors: string[]): void {
  const fail = (message: string): void => {
    errors.push(`${path || '/'}: ${message}`);
  };
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/definitions/', '');
    const target = (root.definitions as Record<string, Schema>)[name];
    if (!target) return fail(`unresolved ${schema.$ref}`);
    check(root, target, value, path, errors);
  }
  if (schema.type !== undefined && !matchesType(value, schema.type))
    return fail(`expected ${JSON.stringify(schema.type)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value)))
    fail('not in enum');
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) fail('not the const');
  for (const [keyword, list] of [
    ['oneOf', schema.oneOf],
    ['anyOf', schema.anyOf],
  ] as const) {
    if (!Array.isArray(list)) continue;
    const passing = list.filter(
      (option) => schemaErrorsAt(root, option as Schema, value).length === 0,
    ).length;
    if (keyword === 'oneOf' ? passing !== 1 : passing === 0) fail(`${keyword}: ${passing} options match`);
  }
  if (schema.if && schema.then && schemaErrorsAt(root, schema.if as Schema, value).length === 0) {
    check(root, schema.then as Schema, value, path, errors);
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) fail('too short');
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) fail('too long');
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail('pattern');
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail('below minimum');
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail('above maximum');
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail('too few items');
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail('too many items');
    if (schema.items && typeof schema.items === 'object') {
      value.forEach((item, i) => check(root, schema.items as Schema, item, `${path}/${i}`, errors));
    }
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    if (typeof schema.maxProperties === 'number' && Object.keys(object).length > schema.maxProperties)
      fail('too many keys');
    for (const key of (schema.required ?? []) as string[]) if (!(key in object)) fail(`missing ${key}`);
    for (const [key, item] of Object.entries(object)) {
      if (properties[key]) check(root, properties[key], item, `${path}/${key}`, errors);
      else if (schema.additionalProperties === false) fail(`unexpected ${key}`);
      else if (typeof schema.additionalProperties === 'object') {
        check(root, schema.additionalProperties as Schema, item, `${path}/${key}`, errors);
      }
    }
  }
}

function schemaErrorsAt(root: Schema, schema: Schema, value: unknown): string[] {
  const errors: string[] = [];
  check(root, schema, value, '', errors);
  return errors;
}
