import { prefixedTopic } from '@flowline/contracts';
import { DEFAULT_ORG_TOPIC_SUFFIX, MAX_TOPIC_LENGTH, orgTopicProblem } from '@flowline/workflow-schema';

export { DEFAULT_ORG_TOPIC_SUFFIX };

export type OrgTopic = { ok: true; topic: string } | { ok: false; problem: string };

/**
 * The topic a KAFKA node of `orgId` publishes to, with the installation's prefix: `<orgId>.runs`, or the
 * node's own `topic`, which must stay in the org's namespace (`<orgId>.<name>`). A workflow author can
 * thus never write into another org's topics nor Flowline's own (a forged node result, say). The rule is
 * the one the workflows service applies to literal topics at save (`orgTopicProblem`).
 */
export function orgTopic(orgId: string, nodeTopic: string | undefined, installationPrefix = ''): OrgTopic {
  const name = nodeTopic ?? `${orgId}.${DEFAULT_ORG_TOPIC_SUFFIX}`;
  const problem = orgTopicProblem(orgId, name);
  if (problem) return { ok: false, problem };
  const fullName = prefixedTopic(name, installationPrefix);
  if (fullName.length > MAX_TOPIC_LENGTH)
    return {
      ok: false,
      problem: `topic "${fullName}" is longer than Kafka's ${MAX_TOPIC_LENGTH} characters`,
    };
  return { ok: true, topic: fullName };
}
