export * from './chaos-workflow';
export * from './invariants';
export * from './kill-plan';
export * from './kill-test';
export * from './kill-test-report';
export * from './random';
export * from './run-events';
export * from './webhook-sink';
