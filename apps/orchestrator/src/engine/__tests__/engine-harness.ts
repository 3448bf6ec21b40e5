import { newId } from '@flowline/contracts';
import { JqEngine } from '@flowline/jq';
import type { Approver } from '../approval';
import type { NodeReport, RunRequest, StartOptions, TimerFired } from '../run-engine';
import { RunEngine } from '../run-engine';
import type { NodeDispatch, RunEffect, RunEvent, TimerRequest, Transition } from '../run-effects';
import type { JsonObject, NodeRunState, RunState } from '../run-state';
import type { RunLimits } from '../node-output';

export type Json = Record<string, unknown>;

export const DEFAULT_TEST_LIMITS: RunLimits = {
  maxNodeOutputBytes: 4096,
  maxReportedOutputBytes: 16384,
  maxRunContextBytes: 16384,
};

/** A workflow JSON (Port spelling) with a self-service trigger named `trigger`. */
export function workflow(nodes: Json[], connections: Json[], extra: Json = {}): Json {
  return {
    identifier: 'deploy',
    title: 'Deploy',
    nodes: [
      { identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {} } } },
      ...nodes,
    ],
    connections,
    ...extra,
  };
}

export function webhook(identifier: string, extra: Json = {}, config: Json = {}): Json {
  return {
    identifier,
    title: `Call ${identifier}`,
    config: {
      type: 'WEBHOOK',
      url: `https://hooks.example.com/${identifier}?env={{ .outputs.trigger.env }}`,
      ...config,
    },
    ...extra,
  };
}

export function edge(sourceIdentifier: string, targetIdentifier: string, extra: Json = {}): Json {
  return { sourceIdentifier, targetIdentifier, ...extra };
}

/**
 * Drives the real RunEngine (with the real, in-process JqEngine) through a run: keeps the latest state,
 * a controllable clock, and helpers to find node runs and effects.
 */
export class EngineHarness {
  readonly jq = new JqEngine({ poolSize: 1 });
  now = new Date('2026-02-01T10:00:00.000Z');
  readonly engine: RunEngine;
  state!: RunState;
  last!: Transition;

  constructor(limits: RunLimits = DEFAULT_TEST_LIMITS, defaultTimeoutSeconds = 0) {
    this.engine = new RunEngine({
      expressions: this.jq,
      limits,
      newNodeRunId: () => newId('workflowNodeRun'),
      now: () => this.now,
      random: () => 0.5,
      defaultTimeoutSeconds,
    });
  }

  async start(
    definition: Json,
    output: JsonObject = { env: 'production' },
    options: StartOptions & Partial<Pick<RunRequest, 'chainDepth' | 'origin'>> = {},
  ): Promise<Transition> {
    const { chainDepth, origin, ...startOptions } = options;
    return this.keep(
      await this.engine.start(
        {
          runId: newId('workflowRun'),
          orgId: 'org_a',
          runKey: 'key-1',
          workflow: definition,
          workflowVersion: 3,
          trigger: {
            kind: 'SELF_SERVE',
            nodeIdentifier: 'trigger',
            by: { actorId: 'u1', kind: 'user' },
            output,
          },
          chainDepth: chainDepth ?? 0,
          ...(origin ? { origin } : {}),
        },
        startOptions,
      ),
    );
  }

  async cancel(force = false, by = 'u1'): Promise<Transition> {
    return this.keep(await this.engine.cancel(this.state, { by, force }));
  }

  async dequeue(): Promise<Transition> {
    return this.keep(await this.engine.dequeue(this.state));
  }

  /** Reports on the node run of `nodeIdentifier` (by default: success from its executor). */
  async report(nodeIdentifier: string, report: Partial<NodeReport> = {}): Promise<Transition> {
    return this.keep(
      await this.engine.applyNodeReport(this.state, {
        nodeRunId: this.nodeRun(nodeIdentifier).identifier,
        status: 'COMPLETED',
        result: 'SUCCESS',
        logs: [],
        source: 'executor',
        ...report,
      }),
    );
  }

  /** An approver's decision on the node run of `nodeIdentifier`. */
  async decide(
    nodeIdentifier: string,
    by: Partial<Approver> & { userId: string },
    decision: 'APPROVE' | 'DECLINE',
    description: string | null = null,
  ): Promise<Transition> {
    return this.keep(
      await this.engine.apply(this.state, {
        kind: 'decision',
        decision: {
          nodeRunId: this.nodeRun(nodeIdentifier).identifier,
          by: { email: null, roles: [], teams: [], ...by },
          decision,
          description,
        },
      }),
    );
  }

  async fire(timer: TimerFired): Promise<Transition> {
    return this.keep(await this.engine.applyTimer(this.state, timer));
  }

  nodeRun(nodeIdentifier: string): NodeRunState {
    const found = this.state.nodeRuns.find((nodeRun) => nodeRun.nodeIdentifier === nodeIdentifier);
    if (!found) throw new Error(`no node run for "${nodeIdentifier}"`);
    return found;
  }

  /** Node identifiers that have a node run, in creation order. */
  ranNodes(): string[] {
    return this.state.nodeRuns.map((nodeRun) => nodeRun.nodeIdentifier);
  }

  effects(transition: Transition = this.last): RunEffect[] {
    return transition.applied ? transition.effects : [];
  }

  dispatches(transition: Transition = this.last): NodeDispatch[] {
    return this.effects(transition).flatMap((e) => (e.kind === 'dispatchNode' ? [e.dispatch] : []));
  }

  timers(transition: Transition = this.last): TimerRequest[] {
    return this.effects(transition).flatMap((e) => (e.kind === 'scheduleTimer' ? [e.timer] : []));
  }

  events(transition: Transition = this.last): RunEvent[] {
    return this.effects(transition).flatMap((e) => (e.kind === 'emitRunEvent' ? [e.event] : []));
  }

  /** `startAttempt` and `completeAttempt` effects of a node, as `<attempt> started|<result>[: error]`. */
  attemptsOf(nodeIdentifier: string, transition: Transition = this.last): string[] {
    const id = this.nodeRun(nodeIdentifier).identifier;
    return this.effects(transition).flatMap((e) => {
      if (e.kind === 'startAttempt' && e.nodeRunId === id) return [`${e.attempt} started`];
      if (e.kind === 'completeAttempt' && e.outcome.nodeRunId === id) {
        const { attempt, result, error } = e.outcome;
        return [`${attempt} ${result}${error ? `: ${error}` : ''}`];
      }
      return [];
    });
  }

  /** Log lines of a node with the attempt they are filed under, as `<attempt> <level> <log>`. */
  attemptLogsOf(nodeIdentifier: string, transition: Transition = this.last): string[] {
    const id = this.nodeRun(nodeIdentifier).identifier;
    return this.effects(transition).flatMap((e) =>
      e.kind === 'appendLogs' && e.nodeRunId === id
        ? e.logs.map((l) => `${e.attempt} ${l.logLevel} ${l.log}`)
        : [],
    );
  }

  logsOf(nodeIdentifier: string, transition: Transition = this.last): string[] {
    const id = this.nodeRun(nodeIdentifier).identifier;
    return this.effects(transition).flatMap((e) =>
      e.kind === 'appendLogs' && e.nodeRunId === id ? e.logs.map((l) => `${l.logLevel} ${l.log}`) : [],
    );
  }

  close(): Promise<void> {
    return this.jq.close();
  }

  private keep(transition: Transition): Transition {
    this.last = transition;
    this.state = transition.state;
    return transition;
  }
}
