import { KafkaContainer } from '@testcontainers/kafka';
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { getContainerRuntimeClient } from 'testcontainers';

export interface StartedContainers {
  kafkaBrokers: string[];
  databaseUrl: string;
  stop(): Promise<void>;
}

export async function dockerAvailable(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/** Kafka (KRaft) and PostgreSQL in containers, for machines with Docker and no configured infrastructure. */
export async function startContainers(): Promise<StartedContainers> {
  const [kafka, postgres] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.9.1').withKraft().start(),
    new PostgreSqlContainer('postgres:15-alpine').withDatabase('flowline').start(),
  ]);
  return {
    kafkaBrokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
    databaseUrl: postgres.getConnectionUri(),
    async stop() {
      await Promise.all([kafka.stop(), postgres.stop()]);
    },
  };
}
