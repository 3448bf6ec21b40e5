import {
  findSealedInputs,
  isSealedInput,
  maskSealedInputs,
  replaceSealedInputs,
  SEALED_INPUT_PREFIX,
} from './sealed-inputs';

const sealed = (tag: string) => `${SEALED_INPUT_PREFIX}${tag.padEnd(40, 'A')}`;

describe('sealed inputs', () => {
  it('recognises only the sealed form', () => {
    expect(isSealedInput(sealed('abc'))).toBe(true);
    expect(isSealedInput(`${SEALED_INPUT_PREFIX}short`)).toBe(false);
    expect(isSealedInput(`${sealed('abc')} trailing`)).toBe(false);
    expect(isSealedInput('plain')).toBe(false);
    expect(isSealedInput(42)).toBe(false);
  });

  it('finds each sealed input once, anywhere in a value', () => {
    const value = { a: sealed('one'), b: [sealed('two'), { c: sealed('one') }], d: 'x', e: null };
    expect(findSealedInputs(value)).toEqual([sealed('one'), sealed('two')]);
  });

  it('replaces them in a copy and leaves a value without any untouched', () => {
    const value = { a: sealed('one'), b: [1, sealed('two')], c: { d: 'keep' } };
    const plaintexts = new Map([
      [sealed('one'), 'first'],
      [sealed('two'), 'second'],
    ]);
    const opened = replaceSealedInputs(value, (item) => plaintexts.get(item));
    expect(opened).toEqual({ a: 'first', b: [1, 'second'], c: { d: 'keep' } });
    expect(value.a).toBe(sealed('one'));
    const plain = { a: 'x', b: [1, 2] };
    expect(replaceSealedInputs(plain, () => 'never')).toBe(plain);
  });

  it('masks them for display', () => {
    expect(maskSealedInputs({ token: sealed('t'), list: [sealed('u')] })).toEqual({
      token: '***',
      list: ['***'],
    });
    expect(maskSealedInputs(null)).toBeNull();
  });
});
