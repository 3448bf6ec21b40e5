import { isJsonObject, type JsonObject } from '../../json';
import { childPath } from '../../paths';
import { type Problem, ProblemCode, problem } from '../../problems';

/** Where a KAFKA node publishes when it names no topic (reference §5.2, Port's `ORG_ID.runs`). */
export const DEFAULT_ORG_TOPIC_SUFFIX = 'runs';
/** Kafka's own limit on topic names. */
export const MAX_TOPIC_LENGTH = 249;
const LEGAL_TOPIC = /^[A-Za-z0-9._-]+$/;
/** Flowline's own topics live under this name; an org never writes there, whatever its id. */
const RESERVED_PREFIX = 'flowline.';

/**
 * Why `topic` is not one a KAFKA node of `orgId` may publish to, or undefined when it may: a legal Kafka
 * name in the org's namespace (`<orgId>.<name>`), never Flowline's own. One rule for the workflows
 * service (at save, for literal topics) and the Kafka executor (at run time, after templates).
 */
export function orgTopicProblem(orgId: string, topic: string): string | undefined {
  if (!LEGAL_TOPIC.test(topic))
    return `topic "${topic}" is not a legal Kafka topic name (letters, digits, ".", "_" and "-" only)`;
  if (!topic.startsWith(`${orgId}.`) || topic.length === orgId.length + 1)
    return `topic "${topic}" is outside the organization's topics ("${orgId}.<name>")`;
  if (topic.startsWith(RESERVED_PREFIX)) return `topic "${topic}" is reserved for Flowline itself`;
  if (topic.length > MAX_TOPIC_LENGTH)
    return `topic "${topic}" is longer than Kafka's ${MAX_TOPIC_LENGTH} characters`;
  return undefined;
}

/** The literal `topic`s of a canonical workflow's KAFKA nodes that `orgId` may not use (templates wait for run time). */
export function checkOrgTopics(workflow: JsonObject, orgId: string): Problem[] {
  if (!Array.isArray(workflow.nodes)) return [];
  return workflow.nodes.flatMap((node, index) => {
    if (!isJsonObject(node) || !isJsonObject(node.config) || node.config.type !== 'KAFKA') return [];
    const topic = node.config.topic;
    if (typeof topic !== 'string' || topic.includes('{{')) return [];
    const message = orgTopicProblem(orgId, topic);
    const path = childPath(childPath(childPath('nodes', index), 'config'), 'topic');
    return message ? [problem(path, ProblemCode.INVALID_FIELD, message)] : [];
  });
}
