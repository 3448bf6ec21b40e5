export * from './service-config';
export * from './api-errors';
export * from './health';
export * from './core-service.module';
export * from './start-service';
export * from './request-bodies/body-limits';
export * from './request-bodies/configure-request-bodies';
export * from './request-bodies/json-body.interceptor';
