export * from './access-token';
export * from './auth-settings';
export * from './auth.guard';
export * from './auth.module';
export * from './service-credentials';
