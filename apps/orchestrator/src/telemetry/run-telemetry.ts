import { Injectable } from '@nestjs/common';
import { type Context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { flowlineMeter, traceContextOf } from '@flowline/nest-observability';
import type { RunEvent, Transition } from '../engine/run-effects';
import type { NodeRunState, RunState } from '../engine/run-state';

/** A transition that committed, with the trace context its run keeps (absent for runs from before). */
export interface CommittedTransition {
  transition: Transition & { applied: true };
  traceParent?: string | null;
}

const tracer = trace.getTracer('@flowline/orchestrator');

/**
 * What operators watch about runs, recorded once a transition committed (a rolled-back or replayed input
 * counts nothing, so the counts match the runs the API lists): runs started and finished per workflow,
 * node-run durations per node type, and one span per node run, named after its node, in the run's trace.
 * Labels are bounded: org, workflow, node type and result, never run ids.
 */
@Injectable()
export class RunTelemetry {
  private readonly meter = flowlineMeter('@flowline/orchestrator');
  private readonly runsStarted = this.meter.createCounter('flowline.workflow_runs.started', {
    description: 'Workflow runs created',
    unit: '{run}',
  });
  private readonly runsFinished = this.meter.createCounter('flowline.workflow_runs.finished', {
    description: 'Workflow runs completed, by result',
    unit: '{run}',
  });
  private readonly nodeRunDuration = this.meter.createHistogram('flowline.node_run.duration', {
    description: 'Time from a node run’s creation to its completion, by node type and result',
    unit: 's',
  });

  recordCommitted(committed: CommittedTransition[]): void {
    for (const { transition, traceParent } of committed) {
      const { state, effects } = transition;
      const parent = traceContextOf(traceParent);
      const workflow = { 'flowline.org.id': state.orgId, 'flowline.workflow.id': state.workflow.identifier };
      for (const effect of effects) {
        if (effect.kind === 'createRun') this.runsStarted.add(1, workflow);
        if (effect.kind !== 'emitRunEvent' || effect.event.status !== 'COMPLETED') continue;
        if (effect.event.type === 'WORKFLOW_RUN_STATUS_CHANGED') {
          this.runsFinished.add(1, {
            ...workflow,
            'flowline.workflow_run.result': effect.event.result ?? '',
          });
          const span = { start: state.createdAt, end: state.completedAt ?? state.updatedAt };
          this.endedSpan(`workflow_run ${state.workflow.identifier}`, span, state, parent, {
            'flowline.workflow_run.result': state.result ?? '',
          });
        } else this.nodeRunEnded(state, effect.event, parent);
      }
    }
  }

  private nodeRunEnded(state: RunState, event: RunEvent, parent: Context | undefined): void {
    const nodeRun = state.nodeRuns.find((candidate) => candidate.identifier === event.nodeRunId);
    if (!nodeRun?.completedAt) return;
    const seconds = Math.max(0, (nodeRun.completedAt.getTime() - nodeRun.createdAt.getTime()) / 1000);
    this.nodeRunDuration.record(seconds, {
      'flowline.node.type': nodeRun.nodeType,
      'flowline.node_run.result': nodeRun.result ?? '',
    });
    const span = { start: nodeRun.createdAt, end: nodeRun.completedAt };
    this.endedSpan(nodeRun.nodeIdentifier, span, state, parent, nodeRunAttributes(nodeRun));
  }

  /** A span for something that already happened (its start and end are known once it completed). */
  private endedSpan(
    name: string,
    time: { start: Date; end: Date },
    state: RunState,
    parent: Context | undefined,
    attributes: Record<string, string | number>,
  ): void {
    const span: Span = tracer.startSpan(
      name,
      {
        kind: SpanKind.INTERNAL,
        startTime: time.start,
        attributes: {
          'flowline.workflow.id': state.workflow.identifier,
          'flowline.workflow_run.id': state.identifier,
          ...attributes,
        },
      },
      parent,
    );
    if (
      attributes['flowline.node_run.result'] === 'FAILED' ||
      attributes['flowline.workflow_run.result'] === 'FAILED'
    )
      span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(time.end);
  }
}

function nodeRunAttributes(nodeRun: NodeRunState): Record<string, string | number> {
  return {
    'flowline.node.id': nodeRun.nodeIdentifier,
    'flowline.node.type': nodeRun.nodeType,
    'flowline.node_run.id': nodeRun.identifier,
    'flowline.node_run.attempt': nodeRun.attempt,
    'flowline.node_run.result': nodeRun.result ?? '',
  };
}
