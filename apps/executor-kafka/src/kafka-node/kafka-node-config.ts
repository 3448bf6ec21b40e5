import { orgTopic } from './org-topic';

/** A rendered KAFKA node config, checked: what to publish, where, and whether to wait for a report. */
export interface KafkaNodePublication {
  /** The full topic name, installation prefix included. */
  topic: string;
  payload: Record<string, unknown> | unknown[];
  /** false: the node run stays IN_PROGRESS after the publish until a consumer reports it. */
  synchronized: boolean;
}

export type ParsedKafkaNode =
  { ok: true; publication: KafkaNodePublication } | { ok: false; problems: string[] };

/**
 * Reads the rendered config of a KAFKA node (reference §5.2 plus `topic` and `synchronized`). Port's
 * API schema makes `payload` optional: without one the node publishes `defaultPayload` (the executor
 * passes the run's template context, secrets excluded).
 */
export function parseKafkaNode(
  config: Record<string, unknown>,
  orgId: string,
  installationPrefix = '',
  defaultPayload?: Record<string, unknown>,
): ParsedKafkaNode {
  const problems: string[] = [];
  const payload = config['payload'] === undefined ? defaultPayload : config['payload'];
  if (payload === null || typeof payload !== 'object')
    problems.push(`payload must be an object or an array, got ${describe(payload)}`);

  const nodeTopic = config['topic'] ?? undefined;
  let topic: string | undefined;
  if (nodeTopic !== undefined && typeof nodeTopic !== 'string')
    problems.push(`topic must be text, got ${describe(nodeTopic)}`);
  else {
    const resolved = orgTopic(orgId, nodeTopic, installationPrefix);
    if (resolved.ok) topic = resolved.topic;
    else problems.push(resolved.problem);
  }

  const synchronized = config['synchronized'] ?? true;
  if (typeof synchronized !== 'boolean') problems.push(`synchronized must be true or false`);

  if (problems.length > 0 || topic === undefined) return { ok: false, problems };
  return {
    ok: true,
    publication: {
      topic,
      payload: payload as KafkaNodePublication['payload'],
      synchronized: synchronized as boolean,
    },
  };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `text "${value.slice(0, 60)}"` : typeof value;
}
