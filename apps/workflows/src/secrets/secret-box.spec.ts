import { randomBytes } from 'node:crypto';
import { SecretBox, SecretDecryptionError, secretOwner } from './secret-box';

describe('SecretBox (AES-256-GCM)', () => {
  const box = new SecretBox(randomBytes(32));
  const owner = secretOwner('org_a', 'GITHUB_TOKEN');

  it('opens what it sealed', () => {
    const sealed = box.seal('ghp_s3cr3t-välue', owner);
    expect(box.open(sealed, owner)).toBe('ghp_s3cr3t-välue');
  });

  it('never stores the plaintext and uses a 12-byte IV and a 16-byte tag', () => {
    const sealed = box.seal('plain-text-value', owner);
    expect(sealed.ciphertext.toString('utf8')).not.toContain('plain-text-value');
    expect(sealed.ciphertext.toString('base64')).not.toContain(
      Buffer.from('plain-text-value').toString('base64'),
    );
    expect(sealed.iv).toHaveLength(12);
    expect(sealed.authTag).toHaveLength(16);
  });

  it('uses a fresh IV for every value, so equal values do not look equal', () => {
    const first = box.seal('same', owner);
    const second = box.seal('same', owner);
    expect(first.iv.equals(second.iv)).toBe(false);
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
  });

  it('refuses a ciphertext moved to another org or name', () => {
    const sealed = box.seal('value', owner);
    expect(() => box.open(sealed, secretOwner('org_b', 'GITHUB_TOKEN'))).toThrow(SecretDecryptionError);
    expect(() => box.open(sealed, secretOwner('org_a', 'OTHER'))).toThrow(SecretDecryptionError);
  });

  it('refuses altered bytes, a wrong tag and a wrong key', () => {
    const sealed = box.seal('value', owner);
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0] ^= 1;
    expect(() => box.open({ ...sealed, ciphertext: flipped }, owner)).toThrow(SecretDecryptionError);
    expect(() => box.open({ ...sealed, authTag: randomBytes(16) }, owner)).toThrow(SecretDecryptionError);
    expect(() => box.open({ ...sealed, authTag: sealed.authTag.subarray(0, 8) }, owner)).toThrow(
      SecretDecryptionError,
    );
    expect(() => new SecretBox(randomBytes(32)).open(sealed, owner)).toThrow(SecretDecryptionError);
  });

  it('does not put the value in its error message', () => {
    const sealed = box.seal('do-not-leak-me', owner);
    try {
      box.open(sealed, 'someone-else');
      throw new Error('expected a failure');
    } catch (error) {
      expect(String(error)).not.toContain('do-not-leak-me');
    }
  });

  it('needs a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow('32 bytes');
    expect(() => SecretBox.fromBase64(randomBytes(32).toString('base64'))).not.toThrow();
  });

  it('seals the empty string and long values', () => {
    const long = 'x'.repeat(64 * 1024);
    expect(box.open(box.seal(long, owner), owner)).toBe(long);
    expect(box.open(box.seal('', owner), owner)).toBe('');
  });
});
