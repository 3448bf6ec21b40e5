import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { type Principal } from '@flowline/nest-auth';
import { SecretBox, secretOwner } from '../secrets/secret-box';
import { SigningKeysRepository, type StoredSigningKey } from './signing-keys.repository';

/** One usable version of the signing secret, in the clear (admins and the webhook executor only). */
export interface SigningKeyView {
  version: number;
  secret: string;
  createdBy: string;
  createdAt: string;
  /** Null for the current version; the end of the grace period for a retired one. */
  validUntil: string | null;
}

export const DEFAULT_GRACE_PERIOD_SECONDS = 24 * 60 * 60;

/**
 * The org's webhook signing secret: the HMAC key of `x-port-signature` (Port signs with the org's
 * client secret; Flowline gives each org a secret of its own so API credentials never sign webhooks).
 * Created on first use, rotated by an admin; a rotated-out version keeps signing during its grace period.
 */
@Injectable()
export class SigningSecretService {
  private readonly logger = new Logger('SigningSecret');

  constructor(
    private readonly keys: SigningKeysRepository,
    private readonly box: SecretBox,
  ) {}

  /** The current version first, then retired ones still in their grace period. */
  async validKeys(principal: Principal): Promise<SigningKeyView[]> {
    const now = new Date();
    let stored = await this.keys.validKeys(principal.orgId, now);
    if (stored.length === 0) {
      await this.keys.createFirst(principal.orgId, this.seal(principal.orgId, 1), principal.actorId);
      stored = await this.keys.validKeys(principal.orgId, now);
    }
    return stored.map((key) => this.open(principal.orgId, key));
  }

  async rotate(principal: Principal, gracePeriodSeconds: number): Promise<SigningKeyView[]> {
    const graceUntil = new Date(Date.now() + gracePeriodSeconds * 1000);
    await this.keys.rotate(
      principal.orgId,
      (version) => this.seal(principal.orgId, version),
      principal.actorId,
      graceUntil,
    );
    this.logger.log({
      message: 'webhook signing secret rotated',
      event: 'signing-secret.rotate',
      orgId: principal.orgId,
      actorId: principal.actorId,
      gracePeriodSeconds,
    });
    return this.validKeys(principal);
  }

  private seal(orgId: string, version: number) {
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    return this.box.seal(secret, ownerOf(orgId, version));
  }

  private open(orgId: string, key: StoredSigningKey): SigningKeyView {
    return {
      version: key.version,
      secret: this.box.open(key.sealed, ownerOf(orgId, key.version)),
      createdBy: key.createdBy,
      createdAt: key.createdAt.toISOString(),
      validUntil: key.validUntil?.toISOString() ?? null,
    };
  }
}

/** Bound into the ciphertext: a key row copied to another org or version does not decrypt. */
function ownerOf(orgId: string, version: number): string {
  // `/` cannot occur in a secret name, so this never equals an org secret's owner.
  return secretOwner(orgId, `webhook-signing-secret/${version}`);
}
