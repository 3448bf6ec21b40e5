export * from './node-executor';
export * from './executor-config';
export * from './executor-runtime.module';
export { succeeded, failed, inProgress, withActionPayload } from './results/execution-results';
export {
  toNodeCompletedMessage,
  fitResultSize,
  DEFAULT_MAX_RESULT_BYTES,
  type NodeCompletedPayload,
} from './results/node-completed';
export { findSecretReferences } from './secrets/secret-references';
export { SecretScrubber, SECRET_MASK } from './secrets/secret-scrubber';
export { SecretResolver, SecretResolutionError, type SecretResolutionCode } from './secrets/secret-resolver';
export { TemplateRenderError } from './rendering/node-config-renderer';
export { RecentExecutions } from './dispatch/recent-executions';
export {
  computeWebhookSignature,
  webhookSignatureHeaders,
  verifyWebhookSignature,
  type WebhookSignatureCheck,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
} from './signing/webhook-signature';
export {
  computePortSignature,
  portSignatureHeaders,
  PORT_SIGNATURE_HEADER,
  PORT_TIMESTAMP_HEADER,
  PORT_PREVIOUS_SIGNATURE_HEADER,
} from './signing/port-signature';
export { SigningKeyResolver, SigningKeyUnavailableError } from './signing/signing-key-resolver';
