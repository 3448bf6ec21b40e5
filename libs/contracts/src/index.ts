export * from './topics';
export * from './ids';
export * from './envelope';
export * from './validation';
