import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { KafkaPublisher } from '@flowline/nest-kafka';
import { type Envelope } from '@flowline/contracts';
import { DataSource } from 'typeorm';
import { OutboxEntry } from './outbox-entry.entity';

const BATCH_SIZE = 200;
const SWEEP_INTERVAL_MS = 250;

/**
 * Publishes the outbox: right after a commit (`publishSoon()`), and on a short sweep that also picks up
 * whatever a crashed process left behind. Rows are locked with SKIP LOCKED so replicas share the work, and
 * deleted only after the broker acknowledged them: delivery is at-least-once, consumers dedupe by id.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: KafkaPublisher,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.publishSoon(), SWEEP_INTERVAL_MS);
    this.timer.unref();
    this.publishSoon();
  }

  /** Before, not on, shutdown: the database connection and the Kafka producer close in `onApplicationShutdown`. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await this.drain().catch((error: unknown) =>
      this.logger.error(`final outbox flush failed: ${String(error)}`),
    );
  }

  /** Asks for a publish pass now; passes never overlap, a request during one triggers another. */
  publishSoon(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`outbox publish failed, will retry: ${String(error)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.publishSoon();
        }
      });
  }

  /** Publishes until the outbox is empty; resolves when it is. */
  async drain(): Promise<number> {
    let published = 0;
    for (;;) {
      const count = await this.publishBatch();
      published += count;
      if (count < BATCH_SIZE) return published;
    }
  }

  private async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const entries = await manager
        .getRepository(OutboxEntry)
        .createQueryBuilder('o')
        .orderBy('o.seq', 'ASC')
        .limit(BATCH_SIZE)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const entry of entries) {
        if (entry.value === null) await this.publisher.publishTombstone(entry.topic, entry.key);
        else
          await this.publisher.publish(entry.topic, entry.value as unknown as Envelope, {
            key: entry.key,
            headers: entry.headers,
          });
      }
      if (entries.length > 0) await manager.getRepository(OutboxEntry).delete(entries.map((e) => e.seq));
      return entries.length;
    });
  }
}
