import { Injectable, Logger } from '@nestjs/common';
import { type Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { SecretBox, secretOwner } from './secret-box';
import { isSecretName, SECRET_NAME_PATTERN } from './secret-name';
import { type SecretAuditAction, type SecretAuditOutcome } from './secret.entity';
import { type SecretAudit, SecretsRepository, type SecretSummary } from './secrets.repository';

/**
 * Org secrets: encrypted before they reach the database, never part of a public response, a log line
 * or a Kafka message. Only executors read values back, and every read is audited (without the value).
 */
@Injectable()
export class SecretsService {
  private readonly logger = new Logger('SecretsAudit');

  constructor(
    private readonly secrets: SecretsRepository,
    private readonly box: SecretBox,
  ) {}

  async put(
    principal: Principal,
    name: string,
    value: string,
  ): Promise<{ created: boolean; secret: SecretSummary }> {
    if (!isSecretName(name)) {
      const message = `secret names match ${SECRET_NAME_PATTERN.source}`;
      throw ApiError.invalid(message, [{ path: 'name', message }]);
    }
    const sealed = this.box.seal(value, secretOwner(principal.orgId, name));
    const entry = auditOf(principal, name, 'put', 'ok');
    const result = await this.secrets.put(principal.orgId, name, sealed, entry);
    this.logAudit(entry);
    return result;
  }

  async remove(principal: Principal, name: string): Promise<void> {
    const entry = auditOf(principal, name, 'delete', 'ok');
    const deleted = await this.secrets.remove(principal.orgId, name, entry);
    this.logAudit({ ...entry, outcome: deleted ? 'ok' : 'not_found' });
    if (!deleted) throw notFound(name);
  }

  list(principal: Principal): Promise<SecretSummary[]> {
    return this.secrets.list(principal.orgId);
  }

  /** The value, for an executor of the principal's org. The audit row is written before it is released. */
  async resolve(principal: Principal, name: string): Promise<string> {
    const sealed = await this.secrets.findSealed(principal.orgId, name);
    let value: string | undefined;
    let outcome: SecretAuditOutcome = sealed ? 'ok' : 'not_found';
    if (sealed) {
      try {
        value = this.box.open(sealed, secretOwner(principal.orgId, name));
      } catch {
        outcome = 'decryption_failed';
      }
    }
    const entry = auditOf(principal, name, 'resolve', outcome);
    await this.secrets.recordAccess(entry);
    this.logAudit(entry);
    if (outcome === 'not_found') throw notFound(name);
    if (value === undefined)
      throw new ApiError(500, 'internal_error', `secret "${name}" could not be decrypted`);
    return value;
  }

  /** One JSON log line per secret access or change: who, which, what, how it went. Never the value. */
  private logAudit(entry: SecretAudit): void {
    const line = {
      message: `secret ${entry.action}: ${entry.outcome}`,
      event: `secret.${entry.action}`,
      ...entry,
    };
    if (entry.outcome === 'decryption_failed') this.logger.error(line);
    else this.logger.log(line);
  }
}

function auditOf(
  principal: Principal,
  name: string,
  action: SecretAuditAction,
  outcome: SecretAuditOutcome,
): SecretAudit {
  return {
    orgId: principal.orgId,
    secretName: name,
    action,
    outcome,
    actorId: principal.actorId,
    actorKind: principal.kind,
  };
}

function notFound(name: string): ApiError {
  return ApiError.notFound(`secret "${name}"`);
}
