export * from './infrastructure';
export * from './test-namespace';
export * from './test-kafka';
export * from './wait-for';
export * from './recording-sink';
export * from './oidc';
export * from './otlp-receiver';
