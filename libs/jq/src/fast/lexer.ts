import { notSure } from './not-sure';

/**
 * Tokens of jq 1.8's lexer (src/lexer.l). The fast path only needs to tell them apart well enough to
 * parse its subset; anything it does not recognise gives up (NotSure) so jq itself reports it.
 */
export type Token =
  | { t: 'field'; name: string } // .foo
  | { t: 'num'; value: number }
  | { t: 'ident'; name: string }
  | { t: 'kw'; name: string }
  | { t: 'var'; name: string } // $foo
  | { t: 'qqStart' }
  | { t: 'qqText'; text: string }
  | { t: 'interpStart' }
  | { t: 'interpEnd' }
  | { t: 'qqEnd' }
  | { t: 'op'; op: string }
  | { t: 'eof' };

const KEYWORDS = new Set([
  'as',
  'import',
  'include',
  'module',
  'def',
  'if',
  'then',
  'elif',
  'else',
  'end',
  'and',
  'or',
  'reduce',
  'foreach',
  'try',
  'catch',
  'label',
  'break',
]);

// Longest first, as flex picks the longest match.
const OPERATORS = [
  '?//',
  '//=',
  '|=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '//',
  '==',
  '!=',
  '<=',
  '>=',
  '..',
  '.',
  '?',
  '=',
  ';',
  ',',
  ':',
  '|',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
];

const NUMBER = /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const IDENT = /[a-zA-Z_][a-zA-Z_0-9]*/y;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

export function tokenize(source: string): Token[] {
  if (LONE_SURROGATE.test(source)) notSure('lone surrogate in the expression');
  const tokens: Token[] = [];
  // What each open bracket is: '(' '[' '{' in code, or 'interp' for a `\(` inside a string.
  const open: string[] = [];
  let i = 0;

  // Reads string text up to its closing quote or the next `\(`; resumed after each interpolation.
  const readString = (): void => {
    let text = '';
    for (;;) {
      if (i >= source.length) notSure('unterminated string');
      const c = source[i];
      if (c === '"') {
        if (text) tokens.push({ t: 'qqText', text });
        tokens.push({ t: 'qqEnd' });
        i += 1;
        return;
      }
      if (c !== '\\') {
        text += c;
        i += 1;
        continue;
      }
      const next = source[i + 1];
      if (next === '(') {
        if (text) tokens.push({ t: 'qqText', text });
        text = '';
        tokens.push({ t: 'interpStart' });
        open.push('interp');
        i += 2;
        return;
      }
      if (next in SIMPLE_ESCAPES) {
        text += SIMPLE_ESCAPES[next];
        i += 2;
        continue;
      }
      if (next !== 'u') notSure('unknown string escape');
      const code = hex4(source, i + 2);
      i += 6;
      if (code >= 0xd800 && code <= 0xdbff && source[i] === '\\' && source[i + 1] === 'u') {
        const low = hex4(source, i + 2);
        if (low < 0xdc00 || low > 0xdfff) notSure('unpaired surrogate escape');
        text += String.fromCharCode(code, low);
        i += 6;
      } else if (code >= 0xd800 && code <= 0xdfff) {
        notSure('unpaired surrogate escape');
      } else {
        text += String.fromCharCode(code);
      }
    }
  };

  while (i < source.length) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      i += 1;
      continue;
    }
    if (c === '"') {
      i += 1;
      tokens.push({ t: 'qqStart' });
      readString();
      continue;
    }
    if (c === '#' || c === '@' || c === '\r') notSure('comments, formats and CR are left to jq');
    if (c === '$') {
      IDENT.lastIndex = i + 1;
      const m = IDENT.exec(source);
      if (!m || source.startsWith('::', i + 1 + m[0].length)) notSure('unusual variable');
      if (m[0] === '__loc__') notSure('$__loc__');
      tokens.push({ t: 'var', name: m[0] });
      i += 1 + m[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(source);
    if (num) {
      const value = Number(num[0]);
      // jq 1.8 keeps a literal's text (`1.0` prints as 1.0), so only canonical spellings are safe.
      if (!Number.isFinite(value) || String(value) !== num[0]) notSure('non-canonical number literal');
      tokens.push({ t: 'num', value });
      i += num[0].length;
      continue;
    }
    if (c === '.' && /[a-zA-Z_]/.test(source[i + 1] ?? '')) {
      IDENT.lastIndex = i + 1;
      const m = IDENT.exec(source) as RegExpExecArray;
      tokens.push({ t: 'field', name: m[0] });
      i += 1 + m[0].length;
      continue;
    }
    IDENT.lastIndex = i;
    const ident = IDENT.exec(source);
    if (ident) {
      if (source.startsWith('::', i + ident[0].length)) notSure('module-qualified name');
      tokens.push(KEYWORDS.has(ident[0]) ? { t: 'kw', name: ident[0] } : { t: 'ident', name: ident[0] });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) notSure('unexpected character');
    i += op.length;
    if (op === '(' || op === '[' || op === '{') open.push(op);
    if (op === ')' && open[open.length - 1] === 'interp') {
      open.pop();
      tokens.push({ t: 'interpEnd' });
      readString();
      continue;
    }
    if (op === ')' || op === ']' || op === '}') open.pop();
    tokens.push({ t: 'op', op });
  }
  if (open.length > 0) notSure('unbalanced brackets');
  tokens.push({ t: 'eof' });
  return tokens;
}

function hex4(source: string, at: number): number {
  const digits = source.slice(at, at + 4);
  if (!/^[0-9a-fA-F]{4}$/.test(digits)) notSure('bad \\u escape');
  return parseInt(digits, 16);
}
