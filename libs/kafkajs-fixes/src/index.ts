// Importing this lib applies its fixes to the kafkajs it finds, once, before any client is created.
export * from './request-queue-fix';
