import { type EntityChangedMessage } from '@flowline/contracts';

/**
 * The event object of reference §4 (the automation event payload): what an event trigger's condition
 * reads and what becomes the trigger node's output. Plain JSON, without the Kafka envelope.
 */
export function triggerEventOf(message: EntityChangedMessage): Record<string, unknown> {
  const { action, resourceType, trigger, context, diff } = message;
  return JSON.parse(JSON.stringify({ action, resourceType, trigger, context, diff })) as Record<
    string,
    unknown
  >;
}
