import { type Json, isArrayIndexKey } from './json';
import { NOT_SURE } from './not-sure';

const TOKENS = /"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*/g;

/**
 * `fromjson` where JSON.parse is sure to agree with jq 1.8.2: jq accepts more (nan, comments of a kind),
 * keeps each number's original text, maps unpaired surrogate escapes to U+FFFD and keeps object keys
 * in insertion order (JS lists "0", "1"... first). Anything that could differ is left to jq.
 */
export function parseJsonText(text: string): Json {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    throw NOT_SURE;
  }
  for (const token of text.match(TOKENS) ?? []) {
    if (token.startsWith('"')) {
      if (/\\u[dD][89a-fA-F]/.test(token)) throw NOT_SURE;
    } else if (String(Number(token)) !== token) {
      throw NOT_SURE;
    }
  }
  if (hasIndexLikeKey(value)) throw NOT_SURE;
  return value;
}

function hasIndexLikeKey(value: Json): boolean {
  if (Array.isArray(value)) return value.some(hasIndexLikeKey);
  if (typeof value !== 'object' || value === null) return false;
  for (const key of Object.keys(value)) {
    if (isArrayIndexKey(key) || hasIndexLikeKey(value[key])) return true;
  }
  return false;
}
