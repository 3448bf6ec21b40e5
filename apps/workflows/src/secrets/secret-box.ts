import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A secret value as stored: never the plaintext. */
export interface SealedSecret {
  ciphertext: Buffer;
  iv: Buffer;
  authTag: Buffer;
}

export class SecretDecryptionError extends Error {
  readonly code = 'SECRET_DECRYPTION_FAILED';
  constructor() {
    // Never carries the cause: it could describe the data.
    super('a stored secret could not be decrypted (wrong key, or the stored bytes were altered)');
  }
}

/**
 * AES-256-GCM encryption of org secrets at rest. Each value gets a fresh random 12-byte IV, and the
 * secret's owner (org and name) is bound in as additional authenticated data, so a ciphertext copied
 * onto another org's or another name's row fails to decrypt instead of leaking.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`the secrets key must be ${KEY_BYTES} bytes`);
    this.key = Buffer.from(key);
  }

  static fromBase64(key: string): SecretBox {
    return new SecretBox(Buffer.from(key, 'base64'));
  }

  seal(plaintext: string, owner: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(owner, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext, iv, authTag: cipher.getAuthTag() };
  }

  open(sealed: SealedSecret, owner: string): string {
    if (sealed.iv.length !== IV_BYTES || sealed.authTag.length !== TAG_BYTES)
      throw new SecretDecryptionError();
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, sealed.iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(owner, 'utf8'));
      decipher.setAuthTag(sealed.authTag);
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptionError();
    }
  }
}

/** The additional authenticated data of a secret: its org and name (a NUL cannot occur in either). */
export function secretOwner(orgId: string, name: string): string {
  return `${orgId}\u0000${name}`;
}
