import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type Message, type NodeDispatchMessage, Topics } from '@flowline/contracts';
import { KafkaPublisher } from '@flowline/nest-kafka';
import { NODE_EXECUTOR, type ExecutionResult, type NodeExecutor } from '../node-executor';
import { NodeConfigRenderer, TemplateRenderError } from '../rendering/node-config-renderer';
import { failed } from '../results/execution-results';
import { fitResultSize, type NodeCompletedPayload, toNodeCompletedMessage } from '../results/node-completed';
import { RUNTIME_SETTINGS, type RuntimeSettings } from '../runtime-settings';
import { findSecretReferences } from '../secrets/secret-references';
import { SecretResolutionError, SecretResolver } from '../secrets/secret-resolver';
import { SealedInputOpener } from '../secrets/sealed-input-opener';
import { SecretScrubber } from '../secrets/secret-scrubber';
import { RecentExecutions } from './recent-executions';

/** setTimeout fires at once for longer delays; a deadline that far away needs no timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const NO_SECRETS = new SecretScrubber([]);

type CompletedMessage = Message<NodeCompletedPayload>;

interface Performed {
  result: ExecutionResult;
  scrubber: SecretScrubber;
}

/**
 * One dispatch, start to end: resolve the secrets its config names, render its templates, call the
 * executor, and publish the result as a NodeCompletedMessage (keyed by run id). Every failure on the
 * way becomes a FAILED result with a code and `retryable`, so the orchestrator always hears back.
 */
@Injectable()
export class ExecuteNodeDispatch implements OnModuleInit {
  private readonly logger = new Logger('NodeDispatch');
  private readonly recent: RecentExecutions<CompletedMessage>;

  constructor(
    @Inject(RUNTIME_SETTINGS) private readonly settings: RuntimeSettings,
    @Inject(NODE_EXECUTOR) private readonly executor: NodeExecutor,
    private readonly secrets: SecretResolver,
    private readonly sealedInputs: SealedInputOpener,
    private readonly renderer: NodeConfigRenderer,
    private readonly publisher: KafkaPublisher,
  ) {
    this.recent = new RecentExecutions(settings.recentExecutionTtlMs, settings.recentExecutionLimit);
  }

  onModuleInit(): void {
    if (this.executor.backend !== this.settings.backend)
      throw new Error(
        `the executor serves "${this.executor.backend}" but the runtime consumes "${this.settings.backend}"`,
      );
  }

  /**
   * Runs one dispatch and reports it. The consumer calls this for many dispatches at once (a bounded,
   * org-fair pool), so a slow call holds one slot, not the partition.
   */
  async execute(dispatch: NodeDispatchMessage): Promise<void> {
    const startedAt = Date.now();
    const { outcome, repeated } = this.recent.run(dispatch.idempotencyKey, () => this.attempt(dispatch));
    const completed = await outcome;
    await this.publisher.publish(Topics.nodeCompleted, completed, {
      key: dispatch.runId,
      headers: { 'idempotency-key': dispatch.idempotencyKey },
    });
    this.logger.log({
      message: repeated
        ? 'redelivered dispatch: reported the earlier outcome without executing again'
        : 'node attempt reported',
      ...idsOf(dispatch),
      status: completed.status,
      result: completed.result,
      failureCode: completed.failure?.code,
      durationMs: Date.now() - startedAt,
    });
  }

  private async attempt(dispatch: NodeDispatchMessage): Promise<CompletedMessage> {
    const { result, scrubber } = await this.perform(dispatch).catch((error: unknown): Performed => ({
      result: failed({
        code: 'INTERNAL_ERROR',
        message: `executor runtime: ${text(error)}`,
        retryable: true,
      }),
      scrubber: NO_SECRETS,
    }));
    return fitResultSize(toNodeCompletedMessage(dispatch, result, scrubber), this.settings.maxResultBytes);
  }

  private async perform(dispatch: NodeDispatchMessage): Promise<Performed> {
    const deadline = deadlineOf(dispatch);
    if (deadline && deadline.getTime() <= Date.now()) {
      const message = `the deadline of this attempt (${deadline.toISOString()}) passed before it started`;
      return {
        result: failed({ code: 'DEADLINE_EXCEEDED', message, retryable: false }),
        scrubber: NO_SECRETS,
      };
    }

    let secrets: Record<string, string>;
    let opened: { context: NodeDispatchMessage['context']; plaintexts: string[] };
    try {
      [secrets, opened] = await Promise.all([
        this.secrets.resolve(dispatch.orgId, findSecretReferences(dispatch.node.config)),
        this.sealedInputs.open(dispatch.orgId, dispatch.context),
      ]);
    } catch (error) {
      if (!(error instanceof SecretResolutionError)) throw error;
      this.logger.warn({ message: error.message, ...idsOf(dispatch), failureCode: error.code });
      const failure = { code: error.code, message: error.message, retryable: error.retryable };
      return { result: failed(failure), scrubber: NO_SECRETS };
    }
    const scrubber = new SecretScrubber([...Object.values(secrets), ...opened.plaintexts]);

    let config: Record<string, unknown>;
    try {
      config = await this.renderer.render(dispatch.node.config, { ...opened.context, secrets });
    } catch (error) {
      if (!(error instanceof TemplateRenderError)) throw error;
      return { result: failed({ code: error.code, message: error.message, retryable: false }), scrubber };
    }
    return { result: await this.callExecutor(dispatch, opened.context, config, deadline), scrubber };
  }

  private async callExecutor(
    dispatch: NodeDispatchMessage,
    context: NodeDispatchMessage['context'],
    config: Record<string, unknown>,
    deadline: Date | undefined,
  ): Promise<ExecutionResult> {
    const controller = new AbortController();
    const remaining = deadline ? deadline.getTime() - Date.now() : undefined;
    const timer =
      remaining !== undefined && remaining < MAX_TIMER_MS
        ? setTimeout(() => controller.abort(new Error('the attempt reached its deadline')), remaining)
        : undefined;
    try {
      return await this.executor.execute({
        config,
        context,
        dispatch,
        idempotencyKey: dispatch.idempotencyKey,
        signal: controller.signal,
        deadline,
      });
    } catch (error) {
      const message = `the ${this.settings.backend} executor failed: ${text(error)}`;
      return failed({ code: 'EXECUTOR_ERROR', message, retryable: true });
    } finally {
      clearTimeout(timer);
    }
  }
}

function deadlineOf(dispatch: NodeDispatchMessage): Date | undefined {
  if (!dispatch.deadline) return undefined;
  const deadline = new Date(dispatch.deadline);
  return Number.isNaN(deadline.getTime()) ? undefined : deadline;
}

function idsOf(dispatch: NodeDispatchMessage) {
  return { runId: dispatch.runId, nodeRunId: dispatch.nodeRunId, attempt: dispatch.attempt };
}

function text(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
