import fc from 'fast-check';
import { deepJson } from '../harness/raw-http';
import { type KnownIds, PUBLIC_ROUTES, type PublicRoute } from './public-routes';

export type AuthKind = 'valid' | 'member' | 'other-org' | 'none' | 'garbage' | 'expired-shape';

/** One generated request, before the known ids and tokens are filled in. */
export interface FuzzRequest {
  route: PublicRoute;
  /** Per `:param`, in order: undefined = the known id, else this raw (already escaped) segment. */
  params: Array<string | undefined>;
  query: string;
  auth: AuthKind;
  contentType: string | undefined;
  body: string | Buffer | undefined;
  headers: Record<string, string>;
}

const FIELD_NAMES = [
  'identifier',
  'title',
  'description',
  'icon',
  'nodes',
  'connections',
  'config',
  'type',
  'userInputs',
  'properties',
  'required',
  'status',
  'result',
  'output',
  'logs',
  'logLevel',
  'log',
  'externalRunId',
  'links',
  'inputs',
  'nodeIdentifier',
  'schema',
  'relations',
  'team',
  'clientId',
  'clientSecret',
  'value',
  'rules',
  'combinator',
  'operator',
  'property',
  'context',
  'roles',
  'users',
  'teams',
  'policy',
  'query',
  'limit',
  'runIds',
  'workflowIdentifiers',
  'variables',
  'url',
  'payload',
  'topic',
  '__proto__',
  'constructor',
] as const;

// Node's http client refuses header values outside visible latin-1; everything else is fair game.
const headerChar = fc
  .integer({ min: 0x20, max: 0xff })
  .filter((c) => c !== 0x7f)
  .map((c) => String.fromCharCode(c));
const headerValue = fc.oneof(
  fc.string({ unit: headerChar, maxLength: 60 }),
  fc.constantFrom('', ' ', 'null', '-1', '0', '1e309', 'NaN', 'x'.repeat(4000)),
  // Encodings servers do decode, over bodies that are not encoded (as Content-Encoding).
  fc.constantFrom('gzip', 'deflate', 'br', 'zstd', 'identity', 'gzip, br'),
);

const unicodeText = fc.string({ unit: 'binary', maxLength: 40 });

/** A JSON value built from the fields routes read, so bodies reach validators and use cases. */
const plausibleJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      unicodeText,
      fc.constantFrom(
        'COMPLETED',
        'IN_PROGRESS',
        'SUCCESS',
        'FAILED',
        'WEBHOOK',
        'KAFKA',
        'SELF_SERVE_TRIGGER',
        'CONDITION',
        'string',
        'number',
        'object',
        'array',
        '{{ .outputs }}',
        '{{ (1/0) }}',
        'https://127.0.0.1/x',
        '',
      ),
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), unicodeText), tie('value'), { maxKeys: 6 }),
  ),
})).value;

const body: fc.Arbitrary<string | Buffer | undefined> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .dictionary(fc.constantFrom(...FIELD_NAMES), plausibleJson, { maxKeys: 8 })
      .map((v) => JSON.stringify(v)),
  },
  { weight: 3, arbitrary: fc.json({ maxDepth: 4 }) },
  // malformed: valid JSON cut short, or JSON-looking text
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.json({ maxDepth: 3 }), fc.nat())
      .map(([text, cut]) => text.slice(0, cut % Math.max(1, text.length))),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{',
      '[',
      '{"a":}',
      '{"a":1,}',
      "{'a':1}",
      'null',
      '"x"',
      '1',
      'true',
      '\u0000',
      '{"a":1}{"b":2}',
      '\ufeff{}',
    ),
  },
  // deep: around the limit and far past it, in arrays and objects
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 80, max: 20_000 })), fc.boolean())
      .map(([depth, asObject]) =>
        asObject
          ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
          : `{"output":${deepJson(depth)},"inputs":${deepJson(depth)}}`,
      ),
  },
  // big: just under and over the documented limit
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(100 * 1024 + 1, 1024 * 1024, 2 * 1024 * 1024 - 64, 2 * 1024 * 1024 + 64 * 1024)
      .map((size) => JSON.stringify({ identifier: 'big', title: 'x'.repeat(Math.max(0, size - 40)) })),
  },
  // raw bytes: invalid UTF-8, NULs
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      undefined,
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json; charset=bogus',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/merge-patch+json',
      'application/*',
      '',
      'garbage/;;;',
      'APPLICATION/JSON',
      'text/html',
    ),
  },
  { weight: 1, arbitrary: headerValue },
);

/** A path segment: the known id most of the time, else something hostile (escaped so it can be sent). */
const segment = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: unicodeText.map((text) => encodeURIComponent(text) || 'x') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '%',
      '%zz',
      '%00',
      '..',
      '%2e%2e',
      '%2F',
      '%5C',
      'runs',
      'nodes',
      'wfr_0000000000000000',
      'wfnr_0000000000000000',
      '-1',
      '1e3',
      'x'.repeat(3000),
      '%F0%9F%92%A9',
      '%C0%AF',
    ),
  },
);

const query = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc
      .dictionary(
        fc.constantFrom(
          'limit',
          'offset',
          'workflowIdentifiers[]',
          'statuses',
          'from',
          'to',
          'view',
          'cursor',
          'version',
          'x[y][z]',
        ),
        fc.oneof(unicodeText, fc.constantFrom('-1', '0', '1e9', 'NaN', '[]', 'a&b')),
      )
      .map(
        (params) =>
          `?${Object.entries(params)
            .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
            .join('&')}`,
      ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('?', '?&&', '?a', '?limit=1&limit=2', `?${'a[b]'.repeat(50)}=1`, '?%zz=%zz'),
  },
);

const extraHeaders = fc.dictionary(
  fc.constantFrom(
    'x-request-id',
    'idempotency-key',
    'actor-id',
    'x-forwarded-for',
    'accept',
    'accept-encoding',
    'content-encoding',
    'accept-language',
    'x-http-method-override',
    'origin',
    'cookie',
  ),
  headerValue,
  { maxKeys: 3 },
);

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  route: fc.constantFrom(...PUBLIC_ROUTES),
  params: fc.array(segment, { minLength: 4, maxLength: 4 }),
  query,
  auth: fc.oneof(
    { weight: 6, arbitrary: fc.constant<AuthKind>('valid') },
    {
      weight: 1,
      arbitrary: fc.constantFrom<AuthKind>('member', 'other-org', 'none', 'garbage', 'expired-shape'),
    },
  ),
  contentType,
  body,
  headers: extraHeaders,
});

/** The path with its params filled: known ids or the generated segments. */
export function pathOf(request: FuzzRequest, ids: KnownIds): string {
  let index = 0;
  const path = request.route.path.replace(/:([a-zA-Z]+)/g, (_match, name: keyof KnownIds) => {
    const generated = request.params[index];
    index += 1;
    return generated ?? encodeURIComponent(ids[name]);
  });
  return `${path}${request.query}`;
}
