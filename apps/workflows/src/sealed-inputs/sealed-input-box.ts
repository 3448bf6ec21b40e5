import { Injectable } from '@nestjs/common';
import { isSealedInput, SEALED_INPUT_PREFIX } from '@flowline/contracts';
import { SecretBox } from '../secrets/secret-box';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed input that is malformed, or was sealed for another org (its authentication fails). */
export class UnopenableInputError extends Error {
  readonly code = 'SEALED_INPUT_INVALID';
  constructor(readonly index: number) {
    super(`sealed input ${index} cannot be opened: it was not sealed for this organization`);
  }
}

/**
 * Seals secret user inputs with the org secrets' key (AES-256-GCM, a fresh IV per value), bound to the
 * org as authenticated data, into `flowline:sealed:v1:<base64url of iv | tag | ciphertext>`.
 */
@Injectable()
export class SealedInputBox {
  constructor(private readonly box: SecretBox) {}

  seal(orgId: string, plaintext: string): string {
    const { iv, authTag, ciphertext } = this.box.seal(plaintext, ownerOf(orgId));
    return SEALED_INPUT_PREFIX + Buffer.concat([iv, authTag, ciphertext]).toString('base64url');
  }

  /** The plaintexts, in order; throws UnopenableInputError naming the first that fails. */
  open(orgId: string, sealed: readonly string[]): string[] {
    return sealed.map((value, index) => {
      if (!isSealedInput(value)) throw new UnopenableInputError(index);
      const bytes = Buffer.from(value.slice(SEALED_INPUT_PREFIX.length), 'base64url');
      try {
        return this.box.open(
          {
            iv: bytes.subarray(0, IV_BYTES),
            authTag: bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
            ciphertext: bytes.subarray(IV_BYTES + TAG_BYTES),
          },
          ownerOf(orgId),
        );
      } catch {
        throw new UnopenableInputError(index);
      }
    });
  }
}

/** The authenticated data of an org's sealed inputs (a NUL cannot occur in an org id). */
function ownerOf(orgId: string): string {
  return `${orgId}\u0000user-inputs`;
}
