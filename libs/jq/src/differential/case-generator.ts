import type { SeededRandom } from './seeded-random';

/**
 * Random jq expressions and JSON inputs for the differential test. Expressions mix the fast path's
 * constructs without parentheses as often as with them (precedence is where a hand-written parser
 * goes wrong), a few constructs outside the subset and some syntax errors; inputs share key names
 * with the expressions so paths mostly hit something.
 */
const KEYS = ['a', 'b', 'c', 'name', 'items', 'x y', 'if', '10', 'é', '😀', 'ｚ', 'constructor', '__proto__'];
const STRINGS = [
  '',
  'a',
  'abc',
  'ABC def',
  'Hello World',
  'a,b,c',
  '[1,2]',
  '{"a":1}',
  '{"b":1,"1":2}',
  '1.5',
  '10',
  '1.0',
  'null',
  ' 12 ',
  'é',
  '😀x',
  'tab\there',
  'line\nbreak',
  '\u007f',
  'x'.repeat(40),
  'production',
  'staging',
];
const NUMBERS = [
  0,
  1,
  -1,
  2,
  3.5,
  -0.25,
  10,
  100,
  0.1,
  1e-5,
  1e17,
  123456789,
  1e300,
  2 ** 53 + 2,
  0.3333333333333333,
];
const REGEXES = [
  'a',
  '^a',
  'c$',
  'b+',
  '[a-c]+',
  '\\\\d',
  '\\\\s',
  'A',
  '.',
  'x|y',
  '(ab)+',
  'a{2}',
  '[^a]',
  'é',
  '\\\\w+$',
  '',
  '(',
  'l.*e',
];

export function randomInput(random: SeededRandom, depth = 0): unknown {
  const roll = random.next();
  if (depth < 3 && roll < 0.45) {
    const object: Record<string, unknown> = {};
    const size = random.int(5);
    for (let i = 0; i < size; i += 1) {
      // defineProperty: a plain assignment to "__proto__" would set the prototype instead.
      Object.defineProperty(object, random.pick(KEYS), {
        value: randomInput(random, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return object;
  }
  if (depth < 3 && roll < 0.65)
    return Array.from({ length: random.int(5) }, () => randomInput(random, depth + 1));
  if (roll < 0.78) return random.pick(STRINGS);
  if (roll < 0.9) return random.pick(NUMBERS);
  if (roll < 0.95) return random.chance(0.5);
  if (roll < 0.98) return null;
  // Not JSON data: jq sees what JSON.stringify makes of these.
  return random.pick([undefined, -0, new Date(0), Number.NaN]);
}

export function randomExpression(random: SeededRandom, depth = 0, variables: string[] = []): string {
  if (depth > 3 || random.chance(0.25)) return leaf(random, variables);
  const sub = (): string => randomExpression(random, depth + 1, variables);
  const wrap = (text: string): string => (random.chance(0.5) ? `(${text})` : text);
  switch (random.int(16)) {
    case 0:
    case 1:
      return `${wrap(sub())} ${random.pick(['|', ',', '//', 'and', 'or', '+', '-', '*', '/', '%'])} ${wrap(sub())}`;
    case 2:
      return `${wrap(sub())} ${random.pick(['==', '!=', '<', '<=', '>', '>='])} ${wrap(sub())}`;
    case 3:
      return `[${sub()}]`;
    case 4:
      return object(random, sub);
    case 5:
      return random.chance(0.5)
        ? `if ${sub()} then ${sub()} else ${sub()} end`
        : random.chance(0.5)
          ? `if ${sub()} then ${sub()} end`
          : `if ${sub()} then ${sub()} elif ${sub()} then ${sub()} else ${sub()} end`;
    case 6:
      return random.pick([
        `try ${wrap(sub())}`,
        `try ${wrap(sub())} catch ${wrap(sub())}`,
        `${wrap(sub())}?`,
      ]);
    case 7: {
      const name = random.pick(['x', 'y', 'v']);
      return `${wrap(sub())} as $${name} | ${randomExpression(random, depth + 1, [...variables, name])}`;
    }
    case 8:
      return `-${wrap(sub())}`;
    case 9:
    case 10:
      return call(random, sub);
    case 11:
      return `"${random.pick(['', 'x', 'a b'])}\\(${sub()})${random.pick(['', '-', 'é'])}${random.chance(0.4) ? `\\(${sub()})` : ''}"`;
    case 12:
      return `${wrap(sub())} | ${call(random, sub)}`;
    case 13:
      return `${path(random)} | ${sub()}`;
    case 14:
      return `first(${sub()})`;
    default:
      return random.pick([
        '1 < 2 < 3',
        '{a: 1 as $x | $x}',
        '.a.',
        '.[',
        'try',
        '$undefined',
        '1 +',
        '{(1): 2}',
        '.a?//1',
      ]);
  }
}

function leaf(random: SeededRandom, variables: string[]): string {
  const roll = random.next();
  if (roll < 0.45) return path(random);
  if (roll < 0.7) {
    return random.pick([
      '0',
      '1',
      '2',
      '-1',
      '3.5',
      '10',
      '0.5',
      '1.0',
      '1e3',
      '100000000000000000000',
      'null',
      'true',
      'false',
      '[]',
      '{}',
    ]);
  }
  if (roll < 0.85)
    return random.pick([
      '"a"',
      '"abc"',
      '""',
      '"x y"',
      '"1"',
      '"\\u00e9"',
      '"a\\tb"',
      '"10"',
      '"production"',
    ]);
  if (roll < 0.92 && variables.length > 0) return `$${random.pick(variables)}`;
  return random.pick(['$ENV', 'env', '$__loc__', 'empty', 'error', '.[]?', '..', 'input', 'now | type']);
}

function path(random: SeededRandom): string {
  const steps = random.int(3) + 1;
  let text = random.chance(0.15) ? '.' : '';
  for (let i = 0; i < steps; i += 1) {
    const step = random.pick([
      `.${random.pick(['a', 'b', 'c', 'name', 'items', 'if', 'constructor', '__proto__'])}`,
      `.["${random.pick(KEYS)}"]`,
      `."${random.pick(KEYS)}"`,
      `.[${random.pick(['0', '1', '-1', '2', '"a"', '.b', 'null'])}]`,
      '.[]',
      '[0]',
      '[]',
    ]);
    text += i === 0 && step.startsWith('[') ? `.${step}` : step;
    if (random.chance(0.2)) text += '?';
  }
  return text;
}

function object(random: SeededRandom, sub: () => string): string {
  const entries = Array.from({ length: random.int(3) + 1 }, () =>
    random.pick([
      `a: ${sub()}`,
      `"b": ${sub()}`,
      `(${sub()}): ${sub()}`,
      'a',
      'name',
      `"x y"`,
      `if: ${sub()}`,
      `"\\(.a)": 1`,
      `"1": 2`,
      `__proto__: ${sub()}`,
      `"😀": 1`,
    ]),
  );
  return `{${entries.join(', ')}${random.chance(0.1) ? ',' : ''}}`;
}

function call(random: SeededRandom, sub: () => string): string {
  return random.pick([
    'length',
    'keys',
    'keys_unsorted',
    `map(${sub()})`,
    `select(${sub()})`,
    'tostring',
    'tojson',
    'fromjson',
    'ascii_downcase',
    'ascii_upcase',
    `test("${random.pick(REGEXES)}")`,
    `test("${random.pick(REGEXES)}"; "${random.pick(['', 'i', 'g', 'x'])}")`,
    `test(${sub()})`,
    `has(${random.pick(['"a"', '0', '1', '"x y"', 'null'])})`,
    `startswith(${random.pick(['"a"', '"H"', '1'])})`,
    `endswith("c")`,
    `ltrimstr(${random.pick(['"a"', '"x"', '1'])})`,
    `rtrimstr("c")`,
    `split(${random.pick(['","', '" "', '""', '1'])})`,
    `join(${random.pick(['","', '"-"', '1', '""'])})`,
    'add',
    'any',
    'all',
    'first',
    'last',
    'type',
    'not',
    'error',
    `error(${sub()})`,
    'values',
    'nulls',
    'numbers',
    'strings',
    'arrays',
    'objects',
    'iterables',
    'scalars',
    'to_entries',
    'tonumber',
    'utf8bytelength',
    'sort',
    'unique',
    'reverse',
    'min',
    'tostring | fromjson',
  ]);
}
