// The message classes' decorators read design-time type metadata as they load: the polyfill comes first.
import 'reflect-metadata';
export * from './topics';
export * from './ids';
export * from './envelope';
export * from './validation';
export * from './messages/entity-changed.message';
export * from './messages/definition-changed.message';
export * from './messages/run-requested.message';
export * from './messages/node-dispatch.message';
export * from './messages/node-completed.message';
export * from './messages/run-event.message';
export * from './messages/action-run-changed.message';
export * from './sealed-inputs';
export * from './actions/action-runs';
