export * from './service-config';
export * from './api-errors';
export * from './health';
export * from './core-service.module';
export * from './start-service';
export * from './oidc-config';
