export * from './build-output';
export * from './service-process';
export * from './flowline-system';
export * from './deploy-with-condition';
export * from './chaos';
