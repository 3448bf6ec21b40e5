export * from './data-source-options';
export * from './migrate';
export * from './outbox/outbox-entry.entity';
export * from './outbox/outbox';
export * from './outbox/outbox-relay';
export * from './entity-sql';
export * from './pipelined-transaction';
export * from './table-maintenance';
