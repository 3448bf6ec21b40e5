/**
 * Every Kafka topic Flowline uses, in one list (DESIGN.md §2). Names follow
 * `flowline.<domain>.<event>.v<N>`; a breaking change to a message gets a new version, never an edit.
 */
export const Topics = {
  definitionChanged: 'flowline.workflows.definition-changed.v1',
  entityChanged: 'flowline.catalog.entity-changed.v1',
  runRequested: 'flowline.runs.requested.v1',
  nodeCompleted: 'flowline.nodes.completed.v1',
  runEvents: 'flowline.runs.events.v1',
  actionRunChanged: 'flowline.actions.run-changed.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics] | NodeDispatchTopic;

/** Executor backends, each with its own dispatch topic so it scales and is isolated on its own. */
export const ExecutorBackends = ['webhook', 'kafka', 'upsert-entity', 'github'] as const;
export type ExecutorBackend = (typeof ExecutorBackends)[number];
export type NodeDispatchTopic = `flowline.nodes.dispatch.${ExecutorBackend}.v1`;

export function nodeDispatchTopic(backend: ExecutorBackend): NodeDispatchTopic {
  return `flowline.nodes.dispatch.${backend}.v1`;
}

/** Where a consumer parks a message that fails validation or keeps failing. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** Topics that are log-compacted (the latest value per key is the state). */
export const CompactedTopics: readonly string[] = [Topics.definitionChanged];

/**
 * A deployment (or a test) may prefix every topic so that several installations, or several test files,
 * share one broker without seeing each other's messages.
 */
export function prefixedTopic(topic: string, prefix = ''): string {
  return prefix ? `${prefix}${topic}` : topic;
}
