import { NOT_SURE } from './not-sure';

/**
 * jq's `test` uses Oniguruma (Perl syntax); JS RegExp agrees with it on a plain ASCII subset. This
 * translates only that subset and gives up on the rest: non-ASCII text, newlines (`^`/`$`/`.` differ
 * around them), lookaround, backreferences, possessive quantifiers, POSIX or nested classes, and
 * patterns that could backtrack badly (quantified groups, more than two unbounded quantifiers) since
 * they would run on the event loop with no time limit.
 */
const MAX_SUBJECT_LENGTH = 4096;
const LITERAL = /[A-Za-z0-9 !"#%&',\-/:;<=>@_`~]/;
const ESCAPES = new Set([...'dDwWsSbB', ...'\\/-*+?()[]{}|^$.', 't']);
const CLASS_ESCAPES = new Set([...'dDwWsS', ...'\\/-]^[.']);
const cache = new Map<string, RegExp>();

export function testRegex(subject: string, pattern: string, flags: string): boolean {
  if (subject.length > MAX_SUBJECT_LENGTH || !/^[\x20-\x7e\t]*$/.test(subject)) throw NOT_SURE;
  return compileRegex(pattern, flags).test(subject);
}

function compileRegex(pattern: string, flags: string): RegExp {
  const cacheKey = `${flags}/${pattern}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  if (!/^[gi]*$/.test(flags)) throw NOT_SURE;
  let regex: RegExp;
  try {
    regex = new RegExp(translate(pattern), flags.includes('i') ? 'i' : '');
  } catch {
    throw NOT_SURE;
  }
  if (cache.size > 500) cache.clear();
  cache.set(cacheKey, regex);
  return regex;
}

function translate(pattern: string): string {
  let unbounded = 0;
  let i = 0;
  let previous: 'atom' | 'group' | 'quantifier' | 'none' = 'none';
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined || !ESCAPES.has(e)) throw NOT_SURE;
      i += 2;
      previous = 'atom';
    } else if (c === '[') {
      i = skipClass(pattern, i);
      previous = 'atom';
    } else if (c === '(') {
      if (pattern[i + 1] === '?') throw NOT_SURE;
      i += 1;
      previous = 'none';
    } else if (c === ')') {
      i += 1;
      previous = 'group';
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      if (previous === 'group' || previous === 'none' || previous === 'quantifier') throw NOT_SURE;
      const end = c === '{' ? intervalEnd(pattern, i) : i + 1;
      if (c === '*' || c === '+' || pattern.slice(i, end).endsWith(',}')) unbounded += 1;
      i = end;
      if (pattern[i] === '?') i += 1; // lazy: same boolean answer
      if (pattern[i] === '+' || pattern[i] === '*' || pattern[i] === '{') throw NOT_SURE; // possessive, stacked
      previous = 'quantifier';
    } else if (c === '.' || c === '^' || c === '$' || c === '|') {
      i += 1;
      previous = c === '.' ? 'atom' : 'none';
    } else if (LITERAL.test(c)) {
      i += 1;
      previous = 'atom';
    } else {
      throw NOT_SURE;
    }
  }
  if (unbounded > 2) throw NOT_SURE;
  return pattern;
}

function intervalEnd(pattern: string, at: number): number {
  const m = /^\{[0-9]+(?:,[0-9]*)?\}/.exec(pattern.slice(at));
  if (!m) throw NOT_SURE;
  return at + m[0].length;
}

function skipClass(pattern: string, at: number): number {
  let i = at + 1;
  if (pattern[i] === '^') i += 1;
  if (pattern[i] === ']') throw NOT_SURE; // a literal `]` first: Oniguruma and JS disagree
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === ']') return i + 1;
    if (c === '[' || (c === '&' && pattern[i + 1] === '&')) throw NOT_SURE;
    if (c === '\\') {
      if (!CLASS_ESCAPES.has(pattern[i + 1] ?? '')) throw NOT_SURE;
      i += 2;
    } else if (
      LITERAL.test(c) ||
      c === '.' ||
      c === '*' ||
      c === '+' ||
      c === '?' ||
      c === '|' ||
      c === '$'
    ) {
      i += 1;
    } else {
      throw NOT_SURE;
    }
  }
  throw NOT_SURE;
}
