export * from './telemetry';
export * from './json-logger';
export * from './http/http-route-label';
export * from './trace-context';
export * from './lifecycle/periodic-task';
export * from './lifecycle/stop-signal';
