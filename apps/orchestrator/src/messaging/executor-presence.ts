import { Controller, Get, Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  type ExecutorBackend,
  ExecutorBackends,
  nodeDispatchTopic,
  prefixedTopic,
} from '@flowline/contracts';
import { Public } from '@flowline/nest-auth';
import { PeriodicTask } from '@flowline/nest-observability';
import { topicPrefixOf } from '@flowline/nest-kafka';
import { kafkaSettingsFor } from '@flowline/nest-service';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { type OrchestratorConfig, SERVICE_NAME } from '../orchestrator.config';

export type ExecutorState = 'consuming' | 'absent' | 'unknown';

/** A backend is absent once its group has been empty for this many lookup intervals. */
const ABSENT_AFTER_LOOKUPS = 3;

/**
 * Whether an executor consumes each backend's dispatch topic (its consumer group has members), looked up
 * every EXECUTOR_PRESENCE_INTERVAL_MS (absent: empty for three intervals in a row). A node dispatched to a backend nobody consumes would otherwise
 * wait silently until its timeout: the transition that dispatches it logs a warning on the node run, and
 * `/health/executors` lists the backends. Unknown until the first lookup answers.
 */
@Injectable()
export class ExecutorPresence extends PeriodicTask implements OnApplicationShutdown {
  private readonly groupPrefix: string;
  private states = new Map<ExecutorBackend, ExecutorState>();
  private checkedAt: Date | null = null;
  private admin?: Admin;
  /** When each backend's consumer group was first seen without members (since its last member). */
  private readonly emptySince = new Map<ExecutorBackend, number>();

  constructor(@Inject('SERVICE_CONFIG') private readonly config: OrchestratorConfig) {
    super();
    this.groupPrefix = topicPrefixOf(kafkaSettingsFor(SERVICE_NAME, config));
  }

  protected get intervalMs(): number {
    return this.config.EXECUTOR_PRESENCE_INTERVAL_MS;
  }

  protected override get runsAtStart(): boolean {
    return true;
  }

  protected runOnce(): Promise<void> {
    return this.refresh();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
    await this.admin?.disconnect().catch(() => undefined);
  }

  isAbsent(backend: ExecutorBackend): boolean {
    return this.states.get(backend) === 'absent';
  }

  report(): { checkedAt: string | null; executors: Record<string, { topic: string; state: ExecutorState }> } {
    return {
      checkedAt: this.checkedAt?.toISOString() ?? null,
      executors: Object.fromEntries(
        ExecutorBackends.map((backend) => [
          backend,
          {
            topic: prefixedTopic(nodeDispatchTopic(backend), this.groupPrefix),
            state: this.states.get(backend) ?? 'unknown',
          },
        ]),
      ),
    };
  }

  private async refresh(): Promise<void> {
    try {
      this.admin ??= await this.connect();
      const groupIds = ExecutorBackends.map((backend) => `${this.groupPrefix}executor-${backend}`);
      const { groups } = await this.admin.describeGroups(groupIds);
      const members = new Map(groups.map((group) => [group.groupId, group.members.length]));
      const now = Date.now();
      const states = new Map<ExecutorBackend, ExecutorState>();
      ExecutorBackends.forEach((backend, i) => {
        if ((members.get(groupIds[i]) ?? 0) > 0) {
          this.emptySince.delete(backend);
          states.set(backend, 'consuming');
          return;
        }
        // Absent only when empty for a while: executors starting beside the orchestrator, or
        // rejoining after a restart, are not reported.
        const since = this.emptySince.get(backend) ?? now;
        this.emptySince.set(backend, since);
        const absent = now - since >= ABSENT_AFTER_LOOKUPS * this.config.EXECUTOR_PRESENCE_INTERVAL_MS;
        states.set(backend, absent ? 'absent' : (this.states.get(backend) ?? 'unknown'));
      });
      for (const [backend, state] of states)
        if (state === 'absent' && this.states.get(backend) !== 'absent')
          this.logger.warn(`no executor consumes the ${backend} dispatch topic: its nodes will wait`);
      this.states = states;
      this.checkedAt = new Date();
    } catch (error) {
      this.logger.debug(`executor lookup failed: ${error instanceof Error ? error.message : String(error)}`);
      const admin = this.admin;
      this.admin = undefined;
      await admin?.disconnect().catch(() => undefined);
    }
  }

  private async connect(): Promise<Admin> {
    const kafka = new Kafka({
      clientId: `${SERVICE_NAME}-executor-presence`,
      brokers: this.config.kafkaBrokers,
      logLevel: logLevel.NOTHING,
      // A group's coordinator is found through fresh metadata: the first lookups need a retry.
      retry: { retries: 3 },
    });
    const admin = kafka.admin();
    await admin.connect();
    return admin;
  }
}

/** `GET /health/executors`: which backends have an executor consuming their dispatches. */
@ApiExcludeController()
@Public()
@Controller('health')
export class ExecutorsHealthController {
  constructor(private readonly presence: ExecutorPresence) {}

  @Get('executors')
  executors() {
    return { ok: true, ...this.presence.report() };
  }
}
