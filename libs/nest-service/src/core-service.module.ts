import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthModule } from '@flowline/nest-auth';
import { dataSourceOptions, type DatabaseSettings, TableMaintenance } from '@flowline/nest-database';
import { KafkaModule, type KafkaSettings } from '@flowline/nest-kafka';
import {
  HealthController,
  KafkaReadiness,
  PostgresReadiness,
  READINESS_CHECKS,
  type ReadinessCheck,
} from './health';
import { oidcSettingsOf } from './oidc-config';
import { type ServiceConfig } from './service-config';

export interface CoreServiceOptions {
  /** The service's name: Kafka client and group id, token actor for service calls, log field. */
  name: string;
  config: ServiceConfig;
  database: Omit<DatabaseSettings, 'url' | 'schema'>;
}

export function kafkaSettingsFor(
  name: string,
  config: ServiceConfig,
  flow: Pick<KafkaSettings['flow'] & object, 'orderByKey'> = { orderByKey: true },
): KafkaSettings {
  return {
    serviceName: name,
    brokers: config.kafkaBrokers,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    partitions: config.KAFKA_PARTITIONS,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    flow: {
      ...flow,
      maxInFlight: config.CONSUMER_MAX_IN_FLIGHT,
      maxInFlightPerOrg: config.CONSUMER_MAX_IN_FLIGHT_PER_ORG,
    },
  };
}

/**
 * What every Flowline service has: its config, PostgreSQL (its own schema, migrations only, and table
 * maintenance where autovacuum is off), Kafka,
 * authentication on every route but health, and the health endpoints.
 */
@Module({})
export class CoreServiceModule {
  static forRoot(options: CoreServiceOptions): DynamicModule {
    const { config, name } = options;
    const checks: Provider = {
      provide: READINESS_CHECKS,
      useFactory: (...all: ReadinessCheck[]) => all,
      inject: [PostgresReadiness, KafkaReadiness],
    };
    return {
      module: CoreServiceModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot(
          dataSourceOptions({
            ...options.database,
            url: config.DATABASE_URL,
            schema: config.DATABASE_SCHEMA,
            applicationName: name,
            poolSize: config.DATABASE_POOL_SIZE,
          }),
        ),
        KafkaModule.forRoot(kafkaSettingsFor(name, config)),
        AuthModule.forRoot({
          jwtSecret: config.AUTH_JWT_SECRET,
          serviceName: name,
          oidc: oidcSettingsOf(config),
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: 'SERVICE_CONFIG', useValue: config },
        PostgresReadiness,
        KafkaReadiness,
        checks,
        {
          provide: TableMaintenance,
          useFactory: (dataSource: DataSource) =>
            new TableMaintenance(dataSource, config.DATABASE_MAINTENANCE_INTERVAL_MS),
          inject: [DataSource],
        },
      ],
      exports: ['SERVICE_CONFIG'],
    };
  }
}
