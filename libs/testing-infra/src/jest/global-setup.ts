// Jest global setup for integration tests. Relative imports only: jest does not map @flowline/* here.
import { startContainers, dockerAvailable } from './containers';

export default async function globalSetup(): Promise<void> {
  if (process.env['KAFKA_BROKERS'] && process.env['DATABASE_URL']) return;
  if (!(await dockerAvailable())) {
    // Leave the variables unset: each test then fails with MissingInfrastructureError's instructions.
    return;
  }
  const started = await startContainers();
  process.env['KAFKA_BROKERS'] = started.kafkaBrokers.join(',');
  process.env['DATABASE_URL'] = started.databaseUrl;
  (globalThis as { __flowlineContainers?: unknown }).__flowlineContainers = started;
}
