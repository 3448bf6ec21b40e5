import type { BinaryOperator } from './ast';
import { type Json, isObject } from './json';
import { NOT_SURE } from './not-sure';
import { burn, fail, finite, plus } from './runtime';
import { compareJson, describe, equalJson } from './values';

/** jq's binary operators on two values, with jq 1.8.2's error messages. */
export function applyBinary(op: BinaryOperator, left: Json, right: Json): Json {
  switch (op) {
    case '+':
      return plus(left, right);
    case '-':
      return minus(left, right);
    case '*':
      return multiply(left, right);
    case '/':
      return divide(left, right);
    case '%':
      return remainder(left, right);
    case '==':
      return equalJson(left, right);
    case '!=':
      return !equalJson(left, right);
    case '<':
      return compareJson(left, right) < 0;
    case '<=':
      return compareJson(left, right) <= 0;
    case '>':
      return compareJson(left, right) > 0;
    case '>=':
      return compareJson(left, right) >= 0;
  }
}

function minus(left: Json, right: Json): Json {
  if (typeof left === 'number' && typeof right === 'number') return finite(left - right);
  if (Array.isArray(left) && Array.isArray(right)) {
    burn(left.length * (right.length + 1));
    return left.filter((item) => !right.some((other) => equalJson(item, other)));
  }
  return fail(`${describe(left)} and ${describe(right)} cannot be subtracted`);
}

function multiply(left: Json, right: Json): Json {
  if (typeof left === 'number' && typeof right === 'number') return finite(left * right);
  // String repetition and deep object merge have their own rules; leave them to jq.
  if (typeof left === 'string' || typeof right === 'string' || (isObject(left) && isObject(right))) {
    throw NOT_SURE;
  }
  return fail(`${describe(left)} and ${describe(right)} cannot be multiplied`);
}

function divide(left: Json, right: Json): Json {
  if (typeof left === 'number' && typeof right === 'number') {
    if (right === 0)
      fail(`${describe(left)} and ${describe(right)} cannot be divided because the divisor is zero`);
    return finite(left / right);
  }
  if (typeof left === 'string' && typeof right === 'string') throw NOT_SURE; // string split
  return fail(`${describe(left)} and ${describe(right)} cannot be divided`);
}

function remainder(left: Json, right: Json): Json {
  if (typeof left !== 'number' || typeof right !== 'number') throw NOT_SURE;
  // jq casts both to intmax_t; within ±2^53 that is truncation toward zero.
  if (!(Math.abs(left) < 2 ** 53) || !(Math.abs(right) < 2 ** 53)) throw NOT_SURE;
  const divisor = Math.trunc(right);
  if (divisor === 0) {
    fail(
      `${describe(left)} and ${describe(right)} cannot be divided (remainder) because the divisor is zero`,
    );
  }
  return Math.trunc(left) % divisor || 0;
}
