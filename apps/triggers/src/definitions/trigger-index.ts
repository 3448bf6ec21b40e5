import { type ActionRunChange, type EntityChangeAction } from '@flowline/contracts';
import { type EventType } from '@flowline/workflow-schema';
import { type EventTrigger, type IndexedWorkflow } from './indexed-workflow';

/** Which trigger event types an entity change fires (reference §4). */
const EVENT_TYPES_OF_ACTION: Record<EntityChangeAction, readonly EventType[]> = {
  CREATE: ['ENTITY_CREATED', 'ANY_ENTITY_CHANGE'],
  UPDATE: ['ENTITY_UPDATED', 'ANY_ENTITY_CHANGE'],
  DELETE: ['ENTITY_DELETED', 'ANY_ENTITY_CHANGE'],
  TIMER_EXPIRED: ['TIMER_EXPIRED'],
};

/** Which trigger event types a change of an action run fires. */
const EVENT_TYPES_OF_RUN_CHANGE: Record<ActionRunChange, readonly EventType[]> = {
  CREATE: ['RUN_CREATED', 'ANY_RUN_CHANGE'],
  UPDATE: ['RUN_UPDATED', 'ANY_RUN_CHANGE'],
};

/** One workflow an entity change may start, with its triggers that fit the change, in node order. */
export interface EventTriggerCandidate {
  workflow: IndexedWorkflow;
  triggers: EventTrigger[];
}

export interface EntityChangeKey {
  orgId: string;
  action: EntityChangeAction;
  blueprint: string;
  /** The timer property, for TIMER_EXPIRED. */
  propertyIdentifier?: string | null;
}

// NUL cannot occur in org ids, event types, blueprint or workflow identifiers, so joined keys never collide.
const SEPARATOR = '\u0000';
const workflowKey = (orgId: string, identifier: string) => `${orgId}${SEPARATOR}${identifier}`;
const bucketKey = (orgId: string, eventType: EventType, blueprint: string) =>
  `${orgId}${SEPARATOR}${eventType}${SEPARATOR}${blueprint}`;

/**
 * The latest version of every live workflow, and its event triggers bucketed by (org, event type,
 * blueprint). Matching an entity change is a lookup of at most two buckets, so its cost follows the
 * number of workflows subscribed to that blueprint and event, not the number of workflows. Plain
 * TypeScript, one per process; the definitions consumer keeps it up to date.
 */
export class TriggerIndex {
  private readonly workflows = new Map<string, IndexedWorkflow>();
  /** bucket → workflow key → that workflow's triggers in the bucket. */
  private readonly buckets = new Map<string, Map<string, EventTrigger[]>>();

  /** Adds a workflow or replaces its previous version. */
  put(workflow: IndexedWorkflow): void {
    const key = workflowKey(workflow.orgId, workflow.identifier);
    this.unbucket(key);
    this.workflows.set(key, workflow);
    for (const trigger of workflow.eventTriggers) {
      const name = bucketKey(workflow.orgId, trigger.eventType, trigger.blueprint);
      let bucket = this.buckets.get(name);
      if (!bucket) this.buckets.set(name, (bucket = new Map()));
      const triggers = bucket.get(key);
      if (triggers) triggers.push(trigger);
      else bucket.set(key, [trigger]);
    }
  }

  /** Forgets a deleted workflow; false when it was not indexed. */
  remove(orgId: string, identifier: string): boolean {
    const key = workflowKey(orgId, identifier);
    this.unbucket(key);
    return this.workflows.delete(key);
  }

  get(orgId: string, identifier: string): IndexedWorkflow | undefined {
    return this.workflows.get(workflowKey(orgId, identifier));
  }

  /** The workflows whose event triggers fit the change's org, action and blueprint (conditions not applied). */
  candidatesFor(change: EntityChangeKey): EventTriggerCandidate[] {
    return this.collect(
      change.orgId,
      EVENT_TYPES_OF_ACTION[change.action],
      change.blueprint,
      (eventType, trigger) =>
        eventType === 'TIMER_EXPIRED' ? trigger.propertyIdentifier === change.propertyIdentifier : true,
    );
  }

  /** The workflows (automations) a change (creation or update) of one of the action's runs may start. */
  candidatesForRunChange(
    orgId: string,
    change: ActionRunChange,
    actionIdentifier: string,
  ): EventTriggerCandidate[] {
    return this.collect(orgId, EVENT_TYPES_OF_RUN_CHANGE[change], actionIdentifier, () => true);
  }

  private collect(
    orgId: string,
    eventTypes: readonly EventType[],
    subject: string,
    fits: (eventType: EventType, trigger: EventTrigger) => boolean,
  ): EventTriggerCandidate[] {
    const byWorkflow = new Map<string, EventTrigger[]>();
    for (const eventType of eventTypes) {
      const bucket = this.buckets.get(bucketKey(orgId, eventType, subject));
      if (!bucket) continue;
      for (const [key, triggers] of bucket) {
        const fitting = triggers.filter((trigger) => fits(eventType, trigger));
        if (fitting.length === 0) continue;
        const collected = byWorkflow.get(key);
        if (collected) collected.push(...fitting);
        else byWorkflow.set(key, [...fitting]);
      }
    }
    const candidates: EventTriggerCandidate[] = [];
    for (const [key, triggers] of byWorkflow) {
      const workflow = this.workflows.get(key);
      if (!workflow) continue;
      const order = new Map(workflow.eventTriggers.map((trigger, index) => [trigger, index]));
      triggers.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
      candidates.push({ workflow, triggers });
    }
    return candidates;
  }

  /** How much is indexed (for logs and tests). */
  stats(): { workflows: number; buckets: number; eventTriggers: number } {
    let eventTriggers = 0;
    for (const bucket of this.buckets.values())
      for (const triggers of bucket.values()) eventTriggers += triggers.length;
    return { workflows: this.workflows.size, buckets: this.buckets.size, eventTriggers };
  }

  private unbucket(key: string): void {
    const previous = this.workflows.get(key);
    if (!previous) return;
    for (const trigger of previous.eventTriggers) {
      const name = bucketKey(previous.orgId, trigger.eventType, trigger.blueprint);
      const bucket = this.buckets.get(name);
      if (!bucket) continue;
      bucket.delete(key);
      if (bucket.size === 0) this.buckets.delete(name);
    }
  }
}
