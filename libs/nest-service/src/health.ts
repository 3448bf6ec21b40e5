import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  type OnApplicationShutdown,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@flowline/nest-auth';
import { KAFKA_SETTINGS, type KafkaSettings } from '@flowline/nest-kafka';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';

/** One dependency `/health/ready` checks; it throws when the dependency cannot serve. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

const CHECK_TIMEOUT_MS = 3_000;

@Injectable()
export class PostgresReadiness implements ReadinessCheck {
  readonly name = 'postgres';
  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<void> {
    // Under load every connection may be busy with queued work: a probe would wait behind all of it and
    // call a working database down. A pool that is serving that queue is up; only an idle or empty pool
    // is probed (a database that went away fails its connections, so the pool does not stay busy).
    if (isServingQueue(this.dataSource)) return;
    await this.dataSource.query('select 1');
  }
}

interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

function isServingQueue(dataSource: DataSource): boolean {
  const pool = (dataSource.driver as unknown as { master?: Partial<PoolStats> }).master;
  if (!pool || typeof pool.waitingCount !== 'number') return false;
  return (pool.totalCount ?? 0) > 0 && pool.idleCount === 0 && pool.waitingCount > 0;
}

@Injectable()
export class KafkaReadiness implements ReadinessCheck, OnApplicationShutdown {
  readonly name = 'kafka';
  private admin?: Admin;

  constructor(@Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings) {}

  async check(): Promise<void> {
    if (!this.admin) {
      const kafka = new Kafka({
        clientId: `${this.settings.serviceName}-health`,
        brokers: this.settings.brokers,
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
      });
      const admin = kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    try {
      await this.admin.describeCluster();
    } catch (error) {
      const admin = this.admin;
      this.admin = undefined;
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect();
  }
}

/** `/health/live`: the process answers. `/health/ready`: every dependency answers (else 503). */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  @Get('live')
  @HttpCode(200)
  live(): { ok: true; status: 'live' } {
    return { ok: true, status: 'live' };
  }

  @Get('ready')
  async ready(): Promise<{ ok: true; status: 'ready'; checks: Record<string, 'up'> }> {
    const results = await Promise.all(
      this.checks.map(async (check) => {
        try {
          await withTimeout(check.check(), CHECK_TIMEOUT_MS);
          return [check.name, 'up'] as const;
        } catch (error) {
          return [check.name, `down: ${error instanceof Error ? error.message : String(error)}`] as const;
        }
      }),
    );
    const down = results.filter(([, status]) => status !== 'up');
    if (down.length > 0) {
      throw new ServiceUnavailableException({
        ok: false,
        error: 'service_unavailable',
        message: `not ready: ${down.map(([name, status]) => `${name} ${status}`).join('; ')}`,
      });
    }
    return { ok: true, status: 'ready', checks: Object.fromEntries(results) as Record<string, 'up'> };
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
