import { randomBytes } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createMessage, prefixedTopic, Topics } from '@flowline/contracts';
import { KafkaModule, ensureTopics, type KafkaSettings } from '@flowline/nest-kafka';
import { createTestNamespace, TestKafka, type TestNamespace, waitFor } from '@flowline/testing-infra';
import { dataSourceOptions } from '../data-source-options';
import { migrateDatabase } from '../migrate';
import { addToOutbox } from '../outbox/outbox';
import { OutboxEntry, outboxTableSql } from '../outbox/outbox-entry.entity';
import { OutboxRelay } from '../outbox/outbox-relay';

class CreateOutbox1700000000001 {
  name = 'CreateOutbox1700000000001';
  async up(queryRunner: {
    query(sql: string): Promise<unknown>;
    connection: { driver: { schema?: string } };
  }) {
    for (const sql of outboxTableSql(queryRunner.connection.driver.schema as string).up)
      await queryRunner.query(sql);
  }
  async down(): Promise<void> {
    // test schema is dropped whole
  }
}

describe('outbox relay against real PostgreSQL and Kafka', () => {
  let ns: TestNamespace;
  let app: INestApplication;
  let kafka: TestKafka;
  let dataSource: DataSource;
  const topic = () => prefixedTopic(Topics.runEvents, ns.topicPrefix);
  const outboxRows = () => dataSource.getRepository(OutboxEntry).count();

  beforeAll(async () => {
    ns = await createTestNamespace('outbox');
    const database = {
      url: ns.databaseUrl,
      schema: ns.schema,
      entities: [OutboxEntry],
      migrations: [CreateOutbox1700000000001],
    };
    await migrateDatabase(database);
    const settings: KafkaSettings = {
      serviceName: `outbox-${randomBytes(3).toString('hex')}`,
      brokers: ns.kafkaBrokers,
      topicPrefix: ns.topicPrefix,
    };
    await ensureTopics(settings, [Topics.runEvents]);
    kafka = new TestKafka(ns.kafkaBrokers);
    // A row left behind by a "crashed" process before any relay runs: the sweep must publish it.
    const seed = await new DataSource(dataSourceOptions(database)).initialize();
    await seed.transaction((manager) =>
      addToOutbox(manager, [
        {
          topic: Topics.runEvents,
          key: 'wfr_left_behind',
          orgId: 'org_a',
          message: createMessage('RUN_STARTED', 'org_a', { runId: 'wfr_left_behind' }),
        },
      ]),
    );
    await seed.destroy();

    const moduleRef = await Test.createTestingModule({
      imports: [TypeOrmModule.forRoot(dataSourceOptions(database)), KafkaModule.forRoot(settings)],
      providers: [OutboxRelay],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    await app.init();
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await kafka?.close();
    await ns?.dispose();
  });

  it('publishes what a crashed process left in the outbox', async () => {
    const seen = await kafka.collect(topic());
    const message = await waitFor(() => seen.find((m) => m.key === 'wfr_left_behind'));
    expect(message.json).toMatchObject({ type: 'RUN_STARTED', orgId: 'org_a', runId: 'wfr_left_behind' });
    await waitFor(async () => (await outboxRows()) === 0, { description: 'the outbox to be empty' });
  });

  it('publishes after commit, in order, and nothing from a rolled-back transaction', async () => {
    const seen = await kafka.collect(topic());
    await expect(
      dataSource.transaction(async (manager) => {
        await addToOutbox(manager, [
          {
            topic: Topics.runEvents,
            key: 'wfr_rolled_back',
            orgId: 'org_a',
            message: createMessage('RUN_STARTED', 'org_a', { runId: 'wfr_rolled_back' }),
          },
        ]);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');

    await dataSource.transaction((manager) =>
      addToOutbox(
        manager,
        [1, 2, 3].map((n) => ({
          topic: Topics.runEvents,
          key: 'wfr_ordered',
          orgId: 'org_a',
          message: createMessage('NODE_DONE', 'org_a', { runId: 'wfr_ordered', n }),
        })),
      ),
    );
    // Published on commit by the relay's commit subscriber: well before the sweep would take a row this
    // young (it waits until rows are 5 s old).
    const ordered = await waitFor(
      () => {
        const mine = seen.filter((m) => m.key === 'wfr_ordered');
        return mine.length === 3 ? mine : undefined;
      },
      { timeoutMs: 3_000, description: 'the three messages, published right after commit' },
    );
    expect(ordered.map((m) => (m.json as { n: number }).n)).toEqual([1, 2, 3]);
    await waitFor(async () => (await outboxRows()) === 0);
    expect(seen.some((m) => m.key === 'wfr_rolled_back')).toBe(false);
  });

  it('publishes a tombstone as a null value', async () => {
    const seen = await kafka.collect(topic());
    await dataSource.transaction((manager) =>
      addToOutbox(manager, [
        { topic: Topics.runEvents, key: 'org_a/wf_deleted', orgId: 'org_a', message: null },
      ]),
    );
    const tombstone = await waitFor(() => seen.find((m) => m.key === 'org_a/wf_deleted'));
    expect(tombstone.value).toBeNull();
  });

  it('sweeps a row that was written but not published on commit (e.g. its publish failed)', async () => {
    const seen = await kafka.collect(topic());
    const message = createMessage('RUN_STARTED', 'org_a', { runId: 'wfr_swept' });
    // Written behind the relay's back (no commit hook saw it), as if its publish had failed a while ago.
    const { schema } = dataSource.getMetadata(OutboxEntry);
    await dataSource.query(
      `insert into "${schema}".outbox (org_id, topic, message_key, value, headers, created_at)
       values ($1, $2, $3, $4, '{}', now() - interval '1 minute')`,
      ['org_a', Topics.runEvents, 'wfr_swept', JSON.stringify(message)],
    );
    const swept = await waitFor(() => seen.find((m) => m.key === 'wfr_swept'));
    expect(swept.json).toMatchObject({ id: message.id, runId: 'wfr_swept' });
    await waitFor(async () => (await outboxRows()) === 0);
  });
});
