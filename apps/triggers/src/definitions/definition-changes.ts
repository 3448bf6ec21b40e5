import { DefinitionChangedMessage, definitionChangedKey, validateMessage } from '@flowline/contracts';
import { readIndexedWorkflow } from './indexed-workflow';
import { type TriggerIndex } from './trigger-index';

export type DefinitionChangeOutcome =
  | { kind: 'indexed'; orgId: string; identifier: string; version: number }
  | { kind: 'removed'; orgId: string; identifier: string }
  /** Unreadable: nothing indexed for it, and any older version of that workflow dropped. */
  | { kind: 'skipped'; reason: string };

/**
 * Applies one record of the definitions topic to the index: a definition replaces the workflow's previous
 * version, a tombstone (null value) removes it. A record that cannot be read is skipped and reported,
 * never thrown: one bad record must not stop the index. Its workflow's older version is dropped too, so
 * no trigger fires from a definition that is no longer the latest.
 */
export function applyDefinitionChange(
  index: TriggerIndex,
  key: string | null,
  value: string | null,
): DefinitionChangeOutcome {
  const keyed = parseKey(key);
  if (value === null) {
    if (!keyed)
      return { kind: 'skipped', reason: `a tombstone with an unreadable key ${JSON.stringify(key)}` };
    index.remove(keyed.orgId, keyed.identifier);
    return { kind: 'removed', ...keyed };
  }
  const skip = (reason: string): DefinitionChangeOutcome => {
    if (keyed) index.remove(keyed.orgId, keyed.identifier);
    return { kind: 'skipped', reason };
  };
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return skip('the value is not JSON');
  }
  const message = validateMessage(DefinitionChangedMessage, raw);
  if (!message.ok)
    return skip(message.problems.map((p) => `${p.path || '(message)'}: ${p.message}`).join('; '));
  const reading = readIndexedWorkflow((raw as { workflow: unknown }).workflow);
  if (!reading.ok) return skip(reading.problems.join('; '));
  const { workflow } = reading;
  const expectedKey = definitionChangedKey(message.message.orgId, workflow.identifier);
  if (workflow.orgId !== message.message.orgId || key !== expectedKey) {
    return skip(
      `key ${JSON.stringify(key)} and org ${JSON.stringify(workflow.orgId)} do not match ${expectedKey}`,
    );
  }
  index.put(workflow);
  return {
    kind: 'indexed',
    orgId: workflow.orgId,
    identifier: workflow.identifier,
    version: workflow.version,
  };
}

/** `orgId/workflowIdentifier`; workflow identifiers never contain `/`, org ids might. */
function parseKey(key: string | null): { orgId: string; identifier: string } | undefined {
  if (!key) return undefined;
  const slash = key.lastIndexOf('/');
  if (slash <= 0 || slash === key.length - 1) return undefined;
  return { orgId: key.slice(0, slash), identifier: key.slice(slash + 1) };
}
