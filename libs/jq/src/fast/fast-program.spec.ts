import { compileFast } from './fast-program';
import type { Json } from './json';
import { NotSure } from './not-sure';
import { JqFailure } from './runtime';

const run = (expression: string, input: Json = null): Json[] => compileFast(expression).evaluate(input);
const failure = (expression: string, input: Json = null): Json => {
  try {
    run(expression, input);
  } catch (error) {
    if (error instanceof JqFailure) return error.value;
    throw error;
  }
  throw new Error('expected a jq error');
};

describe('compileFast', () => {
  it('follows jq 1.8.2 precedence', () => {
    expect(run('1, 2 | . + 1')).toEqual([2, 3]);
    expect(run('-1 + 2')).toEqual([1]);
    expect(run('1 // 2 as $x | $x, 5')).toEqual([1, 5]);
    expect(run('[1, 2 as $x | $x, 5]')).toEqual([[1, 2, 5]]);
    expect(run('try 1 catch 2 + 10')).toEqual([11]);
    expect(run('{a: 1 | . + 1, b: 2}')).toEqual([{ a: 2, b: 2 }]);
  });

  it('produces outputs in jq’s order for products', () => {
    expect(run('[(1,2) + (10,20)]')).toEqual([[11, 12, 21, 22]]);
    expect(run('"a\\(1,2)b\\(3,4)"')).toEqual(['a1b3', 'a2b3', 'a1b4', 'a2b4']);
    expect(run('{a: (1,2), b: (3,4)}')).toEqual([
      { a: 1, b: 3 },
      { a: 1, b: 4 },
      { a: 2, b: 3 },
      { a: 2, b: 4 },
    ]);
  });

  it('raises jq’s error messages', () => {
    expect(failure('.a.b', { a: 1 })).toBe('Cannot index number with string ("b")');
    expect(failure('.[]', 'x'.repeat(40))).toBe('Cannot iterate over string ("xxxxxxxxxxxxxxxxxxxxxxxx...")');
    expect(failure('{} + 1')).toBe('object ({}) and number (1) cannot be added');
    expect(failure('keys', 5)).toBe('number (5) has no keys');
    expect(failure('error({a: 1})')).toEqual({ a: 1 });
  });

  it('lets `?` suppress only its own step', () => {
    expect(run('[.a?]', 1)).toEqual([[]]);
    expect(() => run('.a.b?', 1)).toThrow(JqFailure);
    expect(run('[(.a.b)?]', 1)).toEqual([[]]);
  });

  it('keeps downstream errors out of try', () => {
    expect(failure('try 1 | error("after")')).toBe('after');
    expect(run('[.[] | try error catch .]', ['x', 'y'])).toEqual([['x', 'y']]);
  });

  it('gives up on what it cannot reproduce exactly', () => {
    for (const expression of [
      '1.0',
      '1e3',
      '[range(3)]',
      '.a = 1',
      'def f: 1; f',
      '$__loc__',
      '.[1:2]',
      '{"1": 2}',
    ]) {
      expect(() => compileFast(expression)).toThrow(NotSure);
    }
    expect(() => run('tostring', 1e-7)).toThrow(NotSure); // jq prints 1e-07
    expect(() => run('-.', 0)).toThrow(NotSure); // literal vs computed zero
    expect(() => run('test("(a+)+$")', 'aaaa')).toThrow(NotSure); // backtracking risk
  });

  it('never reads inherited properties', () => {
    expect(run('[.constructor, .__proto__, .toString]', {})).toEqual([[null, null, null]]);
    expect(run('{__proto__: 1} | keys')).toEqual([['__proto__']]);
  });
});
