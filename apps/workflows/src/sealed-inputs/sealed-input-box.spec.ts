import { randomBytes } from 'node:crypto';
import { isSealedInput } from '@flowline/contracts';
import { SecretBox } from '../secrets/secret-box';
import { SealedInputBox, UnopenableInputError } from './sealed-input-box';

describe('SealedInputBox', () => {
  const box = new SealedInputBox(new SecretBox(randomBytes(32)));

  it('seals to the sealed form and opens back, in order', () => {
    const sealed = ['hunter2', '', 'ünïcode ✓'].map((value) => box.seal('org_a', value));
    expect(sealed.every(isSealedInput)).toBe(true);
    expect(new Set(sealed).size).toBe(3);
    expect(box.open('org_a', sealed)).toEqual(['hunter2', '', 'ünïcode ✓']);
  });

  it('gives the same value a different seal each time', () => {
    expect(box.seal('org_a', 'same')).not.toBe(box.seal('org_a', 'same'));
  });

  it("refuses another org's seal, an altered seal and a non-seal, naming which", () => {
    const mine = box.seal('org_a', 'v');
    expect(() => box.open('org_b', [mine])).toThrow(UnopenableInputError);
    const altered = mine.slice(0, -2) + (mine.endsWith('AA') ? 'BB' : 'AA');
    expect(() => box.open('org_a', [mine, altered])).toThrow(
      expect.objectContaining({ index: 1 }) as unknown as Error,
    );
    expect(() => box.open('org_a', ['plain'])).toThrow(UnopenableInputError);
  });
});
