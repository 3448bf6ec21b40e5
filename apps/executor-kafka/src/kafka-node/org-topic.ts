import { prefixedTopic } from '@flowline/contracts';

/** Where a KAFKA node publishes when it names no topic (reference §5.2, Port's `ORG_ID.runs`). */
export const DEFAULT_ORG_TOPIC_SUFFIX = 'runs';
/** Kafka's own limit on topic names. */
const MAX_TOPIC_LENGTH = 249;
const LEGAL_TOPIC = /^[A-Za-z0-9._-]+$/;
/** Flowline's own topics live under this name; an org never writes there, whatever its id. */
const RESERVED_PREFIX = 'flowline.';

export type OrgTopic = { ok: true; topic: string } | { ok: false; problem: string };

/**
 * The topic a KAFKA node of `orgId` publishes to, with the installation's prefix: `<orgId>.runs`, or the
 * node's own `topic`, which must stay in the org's namespace (`<orgId>.<name>`). A workflow author can
 * thus never write into another org's topics nor Flowline's own (a forged node result, say).
 */
export function orgTopic(orgId: string, nodeTopic: string | undefined, installationPrefix = ''): OrgTopic {
  const name = nodeTopic ?? `${orgId}.${DEFAULT_ORG_TOPIC_SUFFIX}`;
  const fullName = prefixedTopic(name, installationPrefix);
  if (!LEGAL_TOPIC.test(name))
    return {
      ok: false,
      problem: `topic "${name}" is not a legal Kafka topic name (letters, digits, ".", "_" and "-" only)`,
    };
  if (!name.startsWith(`${orgId}.`) || name.length === orgId.length + 1)
    return { ok: false, problem: `topic "${name}" is outside the organization's topics ("${orgId}.<name>")` };
  if (name.startsWith(RESERVED_PREFIX))
    return { ok: false, problem: `topic "${name}" is reserved for Flowline itself` };
  if (fullName.length > MAX_TOPIC_LENGTH)
    return {
      ok: false,
      problem: `topic "${fullName}" is longer than Kafka's ${MAX_TOPIC_LENGTH} characters`,
    };
  return { ok: true, topic: fullName };
}
