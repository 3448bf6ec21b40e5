/** A small seeded PRNG (mulberry32) so fuzz failures reproduce. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Field names and values of the model, so random documents reach deep into validation.
const KEYS = [
  'identifier',
  'nodes',
  'connections',
  'config',
  'type',
  'userInputs',
  'properties',
  'required',
  'items',
  'options',
  'outlets',
  'conditions',
  'connectionIdentifier',
  'defaultConnectionIdentifier',
  'sourceIdentifier',
  'targetIdentifier',
  'sourceOptionIdentifier',
  'sourceOutletIdentifier',
  'fallback',
  'expression',
  'event',
  'condition',
  'expressions',
  'variables',
  'retry',
  'default',
  'visible',
  'jqQuery',
  'titles',
  'steps',
  'format',
  'integrationActionExecutionProperties',
  'integrationProvider',
  'repo',
  'workflowId',
  'mapping',
  'dataset',
  'rules',
  'onFailure',
  '__proto__',
  'constructor',
  'toString',
  'x',
];
const STRINGS = [
  '',
  'trigger',
  'a',
  'WEBHOOK',
  'KAFKA',
  'CONDITION',
  'SELF_SERVE_TRIGGER',
  'EVENT_TRIGGER',
  'UPSERT_ENTITY',
  'INTEGRATION_ACTION',
  'GITHUB',
  'github-ocean',
  'string',
  'number',
  'array',
  'object',
  'entity',
  'labeled-url',
  '{{ .x }}',
  '{{ ( }}',
  '{{',
  '}}',
  '.x ==',
  'ENTITY_CREATED',
  'owner/repo',
  '\u0000',
  '😀',
  'x'.repeat(70),
];

export function randomJson(random: () => number, depth = 5): unknown {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const roll = random();
  if (depth <= 0 || roll < 0.3) {
    return pick<unknown>([
      null,
      true,
      false,
      0,
      -1,
      1.5,
      1e308,
      -0,
      Number.MAX_SAFE_INTEGER,
      pick(STRINGS),
      pick(STRINGS),
    ]);
  }
  if (roll < 0.55)
    return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth - 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(random() * 5); i > 0; i -= 1) {
    Object.defineProperty(object, pick(KEYS), {
      value: randomJson(random, depth - 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

/** A copy of `value` with one random subtree replaced by random JSON. */
export function mutate(value: unknown, random: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  let parent: unknown = copy;
  for (let step = 0; step < 8; step += 1) {
    if (typeof parent !== 'object' || parent === null) break;
    const keys = Object.keys(parent);
    if (keys.length === 0) break;
    const key = keys[Math.floor(random() * keys.length)];
    const child = (parent as Record<string, unknown>)[key];
    if (random() < 0.3 || typeof child !== 'object' || child === null) {
      (parent as Record<string, unknown>)[key] = randomJson(random, 3);
      break;
    }
    parent = child;
  }
  return copy;
}
