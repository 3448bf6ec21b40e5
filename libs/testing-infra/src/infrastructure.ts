/** Where integration tests find Kafka and PostgreSQL. */
export interface TestInfrastructure {
  kafkaBrokers: string[];
  databaseUrl: string;
}

export class MissingInfrastructureError extends Error {
  constructor() {
    super(
      'Integration tests need Kafka and PostgreSQL. Run `tools/infra up` and export the variables it prints ' +
        '(KAFKA_BROKERS, DATABASE_URL), or run them through `npm run test:int`, which does that; ' +
        'with a Docker engine and both variables unset, the harness starts them with testcontainers.',
    );
  }
}

/**
 * Reads the infrastructure from the environment. The jest global setup fills the environment in from
 * testcontainers when Docker is available and nothing is configured.
 */
export function testInfrastructure(env: NodeJS.ProcessEnv = process.env): TestInfrastructure {
  const brokers = env['KAFKA_BROKERS'];
  const databaseUrl = env['DATABASE_URL'];
  if (!brokers || !databaseUrl) throw new MissingInfrastructureError();
  return {
    kafkaBrokers: brokers
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean),
    databaseUrl,
  };
}
