import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ActionRunChangedMessage, type EntityChangedMessage, newId } from '@flowline/contracts';
import { JqEngine } from '@flowline/jq';
import { type EventTrigger } from '../../definitions/indexed-workflow';
import { type EventTriggerCandidate, TriggerIndex } from '../../definitions/trigger-index';
import { runRequested } from '../../run-requests/run-request';
import { EventRunEntity } from '../../run-requests/run-request.entities';
import { RunRequestRepository } from '../../run-requests/run-request.repository';
import { eventRunKey } from '../../run-requests/run-keys';
import { type TriggersConfig } from '../../triggers.config';
import { evaluateTriggerCondition } from '../trigger-condition';
import { triggerEventOf } from '../trigger-event';

export type EventMatchOutcome =
  | { kind: 'chain-depth-exceeded'; chainDepth: number }
  | { kind: 'matched'; requested: string[]; alreadyRequested: string[] };

/** Who starts an event run: no person, the event trigger itself (reference §9.1 "the automation actor"). */
const AUTOMATION_ACTOR = { actorId: 'automation', kind: 'automation' } as const;

/**
 * An entity changed (DESIGN.md §4.1): the workflows subscribed to its org, event and blueprint come from
 * the index (a lookup, not a scan); each one's first trigger whose JQ condition holds requests one run,
 * pinned to the indexed version. In one transaction per event, the run key `event:<eventId>:<workflow>`
 * is recorded (a unique index) with the outbox message, so a redelivered event requests nothing again.
 */
@Injectable()
export class MatchEventTriggers {
  private readonly logger = new Logger(MatchEventTriggers.name);

  constructor(
    private readonly index: TriggerIndex,
    private readonly jq: JqEngine,
    private readonly requests: RunRequestRepository,
    @Inject('SERVICE_CONFIG') private readonly config: TriggersConfig,
  ) {}

  async execute(message: EntityChangedMessage): Promise<EventMatchOutcome> {
    const chainDepth = message.chainDepth ?? 0;
    if (chainDepth >= this.config.MAX_CHAIN_DEPTH) {
      this.logger.warn(
        `entity change ${message.id} (${message.orgId} ${message.context.blueprintIdentifier}/${message.context.entityIdentifier}) ` +
          `starts no run: its chain depth ${chainDepth} reached MAX_CHAIN_DEPTH ${this.config.MAX_CHAIN_DEPTH}`,
      );
      return { kind: 'chain-depth-exceeded', chainDepth };
    }
    const event = triggerEventOf(message);
    const candidates = this.index.candidatesFor({
      orgId: message.orgId,
      action: message.action,
      blueprint: message.context.blueprintIdentifier,
      propertyIdentifier: message.context.propertyIdentifier,
    });
    return this.requestRuns(message.orgId, message.id, event, candidates, chainDepth);
  }

  /**
   * An action run was created or updated: the automations on the action's RUN_CREATED or RUN_UPDATED
   * (and ANY_RUN_CHANGE) whose condition holds over Port's run event request one run each, once per event.
   */
  async executeRunChange(message: ActionRunChangedMessage): Promise<EventMatchOutcome> {
    const chainDepth = message.chainDepth ?? 0;
    if (chainDepth >= this.config.MAX_CHAIN_DEPTH) return { kind: 'chain-depth-exceeded', chainDepth };
    const { action, resourceType, trigger, context, diff } = message;
    const event = JSON.parse(JSON.stringify({ action, resourceType, trigger, context, diff })) as Record<
      string,
      unknown
    >;
    const candidates = this.index.candidatesForRunChange(message.orgId, action, context.actionIdentifier);
    return this.requestRuns(message.orgId, message.id, event, candidates, chainDepth);
  }

  private async requestRuns(
    orgId: string,
    eventId: string,
    event: Record<string, unknown>,
    candidates: EventTriggerCandidate[],
    chainDepth: number,
  ): Promise<EventMatchOutcome> {
    const matches = (
      await Promise.all(
        candidates.map(async (candidate) => this.firstMatchingTrigger(candidate, event, eventId)),
      )
    ).filter((match): match is Match => match !== undefined);
    if (matches.length === 0) return { kind: 'matched', requested: [], alreadyRequested: [] };

    const now = new Date();
    const outcome = await this.requests.transaction(async (tx) => {
      const requested: string[] = [];
      const alreadyRequested: string[] = [];
      for (const { candidate, trigger } of matches) {
        const { workflow } = candidate;
        const runId = newId('workflowRun');
        const runKey = eventRunKey(eventId, workflow.identifier);
        const claimed = await tx.claimEventRun(
          Object.assign(new EventRunEntity(), {
            orgId,
            runKey,
            runId,
            eventId,
            workflowIdentifier: workflow.identifier,
            workflowVersion: workflow.version,
            createdAt: now,
          }),
        );
        if (!claimed) {
          alreadyRequested.push(workflow.identifier);
          continue;
        }
        await tx.publish([
          runRequested(
            {
              orgId,
              runId,
              runKey,
              workflow: workflow.snapshot,
              trigger: {
                kind: 'EVENT',
                nodeIdentifier: trigger.nodeIdentifier,
                by: { ...AUTOMATION_ACTOR },
                output: event,
              },
              // The run carries its event's depth; each entity write a workflow makes adds one (executor-upsert-entity).
              chainDepth,
            },
            now,
          ),
        ]);
        requested.push(workflow.identifier);
      }
      return { kind: 'matched' as const, requested, alreadyRequested };
    });
    if (outcome.alreadyRequested.length > 0) {
      this.logger.log(`event ${eventId} already requested runs of ${outcome.alreadyRequested.join(', ')}`);
    }
    return outcome;
  }

  /** The workflow's first trigger (node order) whose condition holds; a failing condition is logged and does not fire. */
  private async firstMatchingTrigger(
    candidate: EventTriggerCandidate,
    event: Record<string, unknown>,
    eventId: string,
  ): Promise<Match | undefined> {
    for (const trigger of candidate.triggers) {
      const outcome = await evaluateTriggerCondition(trigger.condition, event, (expression, input) =>
        this.jq.evaluateFirst(expression, input),
      );
      if (!outcome.ok) {
        this.logger.warn(
          `event ${eventId}: condition of ${candidate.workflow.identifier}/${trigger.nodeIdentifier} failed ` +
            `(${outcome.expression}: ${outcome.error}); it does not fire`,
        );
      } else if (outcome.matched) {
        return { candidate, trigger };
      }
    }
    return undefined;
  }
}

interface Match {
  candidate: EventTriggerCandidate;
  trigger: EventTrigger;
}
