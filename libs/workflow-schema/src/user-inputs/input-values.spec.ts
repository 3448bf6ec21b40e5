import { summarize } from '../__fixtures__/builders';
import { UserInputs } from '../model/user-inputs/user-inputs';
import { validateUserInputs } from './validate-user-inputs';

// Value checks of each input type and format, through the public entry point.
const form = (properties: Record<string, unknown>) => ({ properties }) as unknown as UserInputs;
const problemsFor = async (userInputs: UserInputs, submission: unknown) =>
  summarize((await validateUserInputs(userInputs, submission, { evaluateJq: async () => null })).problems);

describe('submitted values', () => {
  it('checks each type', async () => {
    const userInputs = form({
      s: { type: 'string' },
      n: { type: 'number' },
      b: { type: 'boolean' },
      a: { type: 'array' },
      o: { type: 'object' },
    });
    expect(await problemsFor(userInputs, { s: 1, n: '1', b: 'true', a: {}, o: [] })).toEqual([
      'INPUT_TYPE inputs.a',
      'INPUT_TYPE inputs.b',
      'INPUT_TYPE inputs.n',
      'INPUT_TYPE inputs.o',
      'INPUT_TYPE inputs.s',
    ]);
    expect(await problemsFor(userInputs, { s: 'x', n: 1.5, b: false, a: [], o: {} })).toEqual([]);
  });

  it('checks enums, ranges, lengths and patterns', async () => {
    const userInputs = form({
      env: { type: 'string', enum: ['dev', 'prod'] },
      size: { type: 'number', enum: [1, 2, 3] },
      low: { type: 'number', minimum: 1 },
      high: { type: 'number', maximum: 10 },
      exLow: { type: 'number', exclusiveMinimum: 0 },
      exHigh: { type: 'number', exclusiveMaximum: 5 },
      name: { type: 'string', minLength: 2, maxLength: 3, pattern: '^[a-z]+$' },
    });
    const submission = { env: 'qa', size: 4, low: 0, high: 11, exLow: 0, exHigh: 5, name: 'ABCD' };
    expect(await problemsFor(userInputs, submission)).toEqual([
      'INPUT_ENUM inputs.env',
      'INPUT_ENUM inputs.size',
      'INPUT_FORMAT inputs.name',
      'INPUT_LENGTH inputs.name',
      'INPUT_RANGE inputs.exHigh',
      'INPUT_RANGE inputs.exLow',
      'INPUT_RANGE inputs.high',
      'INPUT_RANGE inputs.low',
    ]);
    const fine = { env: 'dev', size: 2, low: 1, high: 10, exLow: 0.1, exHigh: 4.9, name: 'ab' };
    expect(await problemsFor(userInputs, fine)).toEqual([]);
  });

  it('checks arrays: item counts, uniqueness, element enums and item definitions', async () => {
    const userInputs = form({
      tags: { type: 'array', minItems: 1, maxItems: 2, uniqueItems: true, items: { type: 'string' } },
      regions: { type: 'array', enum: ['eu', 'us'] },
      owners: { type: 'array', items: { type: 'string', format: 'user' } },
      links: { type: 'array', items: { type: 'object', format: 'labeled-url' } },
      sizes: { type: 'array', items: { type: 'number', maximum: 5 } },
    });
    const submission = {
      tags: ['a', 'a', 3],
      regions: ['eu', 'ap'],
      owners: ['me@example.com', 'me'],
      links: [{ url: 'https://x.io', displayText: 'X' }, { url: 'nope' }],
      sizes: [1, 6],
    };
    expect(await problemsFor(userInputs, submission)).toEqual([
      'INPUT_ENUM inputs.regions[1]',
      'INPUT_FORMAT inputs.links[1]',
      'INPUT_FORMAT inputs.owners[1]',
      'INPUT_LENGTH inputs.tags',
      'INPUT_RANGE inputs.sizes[1]',
      'INPUT_TYPE inputs.tags[2]',
      'INPUT_UNIQUE_ITEMS inputs.tags[1]',
    ]);
    expect(await problemsFor(userInputs, { tags: [] })).toEqual(['INPUT_LENGTH inputs.tags']);
  });

  it('checks objects against properties, required, additionalProperties and patternProperties', async () => {
    const userInputs = form({
      config: {
        type: 'object',
        properties: { port: { type: 'number', minimum: 1 }, host: { type: 'string' } },
        required: ['port'],
        additionalProperties: false,
        patternProperties: { '^x-': { type: 'string' } },
      },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      free: { type: 'object' },
    });
    const submission = {
      config: { host: 1, 'x-a': 2, other: true },
      labels: { a: 'x', b: 1 },
      free: { anything: [1] },
    };
    expect(await problemsFor(userInputs, submission)).toEqual([
      'INPUT_REQUIRED inputs.config.port',
      'INPUT_TYPE inputs.config.host',
      'INPUT_TYPE inputs.config["x-a"]',
      'INPUT_TYPE inputs.labels.b',
      'UNKNOWN_INPUT inputs.config.other',
    ]);
    expect(await problemsFor(userInputs, { config: { port: 80, 'x-b': 'y' } })).toEqual([]);
  });

  it('checks every string format', async () => {
    const userInputs = form({
      email: { type: 'string', format: 'email' },
      url: { type: 'string', format: 'url' },
      when: { type: 'string', format: 'date-time' },
      yaml: { type: 'string', format: 'yaml' },
      entity: { type: 'string', format: 'entity', blueprint: 'service' },
      user: { type: 'string', format: 'user' },
      team: { type: 'string', format: 'team' },
      link: { type: 'object', format: 'labeled-url' },
      text: { type: 'string', format: 'multi-line' },
    });
    const bad = {
      email: 'a@b',
      url: 'example.com',
      when: '2026-13-01',
      yaml: 'a: [',
      entity: '',
      user: 'someone',
      team: ' ',
      link: { url: 'https://x.io', extra: 1 },
      text: 'any\ntext',
    };
    expect(await problemsFor(userInputs, bad)).toEqual([
      'INPUT_FORMAT inputs.email',
      'INPUT_FORMAT inputs.entity',
      'INPUT_FORMAT inputs.link',
      'INPUT_FORMAT inputs.team',
      'INPUT_FORMAT inputs.url',
      'INPUT_FORMAT inputs.user',
      'INPUT_FORMAT inputs.when',
      'INPUT_FORMAT inputs.yaml',
    ]);
    const good = {
      email: 'a@b.io',
      url: 'https://example.com/x?y=1',
      when: '2026-01-28T10:00:00.123+01:00',
      yaml: 'a:\n  - b\n  - c',
      entity: { identifier: 'svc-a', title: 'A' },
      user: 'dev@example.com',
      team: 'platform',
      link: { url: 'https://x.io' },
      text: '',
    };
    expect(await problemsFor(userInputs, good)).toEqual([]);
  });

  it('checks standard JSON Schema formats too (ajv-formats), and the type of entity inputs', async () => {
    const userInputs = form({
      id: { type: 'string', format: 'uuid' },
      address: { type: 'string', format: 'ipv4' },
      service: { type: 'string', format: 'entity', blueprint: 'service' },
      odd: { type: 'string', format: 'not-a-known-format', pattern: '([' },
    });
    const bad = { id: 'nope', address: '999.1.1.1', service: 42, odd: 'anything' };
    expect(await problemsFor(userInputs, bad)).toEqual([
      'INPUT_FORMAT inputs.address',
      'INPUT_FORMAT inputs.id',
      'INPUT_TYPE inputs.service',
    ]);
    const good = {
      id: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      address: '10.0.0.1',
      service: 'svc',
      odd: 'x',
    };
    expect(await problemsFor(userInputs, good)).toEqual([]);
  });
});
