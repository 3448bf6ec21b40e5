import { NotSure } from './not-sure';
import { compareJson, compareStrings, dumpForError, formatNumber, toJson } from './values';

describe('jq value semantics', () => {
  it('formats numbers only where jq 1.8.2 prints the same text', () => {
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(-1.5)).toBe('-1.5');
    expect(formatNumber(0.0001)).toBe('0.0001');
    for (const n of [1e17, 1e-5, -0, 1e300]) expect(() => formatNumber(n)).toThrow(NotSure);
  });

  it('escapes DEL the way jq does', () => {
    expect(toJson('a\u007fb')).toBe('"a\\u007fb"');
  });

  it('cuts long values in error messages at 25 bytes without splitting a character', () => {
    expect(dumpForError('a'.repeat(27))).toBe(`"${'a'.repeat(27)}"`);
    expect(dumpForError('a'.repeat(28))).toBe(`"${'a'.repeat(24)}..."`);
    expect(dumpForError({ a: 'é'.repeat(17) })).toBe(`{"a":"${'é'.repeat(9)}...}`);
  });

  it('orders strings by code point and values by jq kind', () => {
    expect(compareStrings('\uffff', '😀')).toBeLessThan(0); // JS `<` says the opposite
    expect([{}, [], 'a', 1, true, false, null].sort(compareJson)).toEqual([
      null,
      false,
      true,
      1,
      'a',
      [],
      {},
    ]);
    expect(compareJson({ a: 2 }, { b: 1 })).toBeLessThan(0);
  });
});
