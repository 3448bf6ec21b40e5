export { LocalGitHubServer } from './local-github-server';
export { verifyAppJwt, type JwtCheck } from './github-app-jwt';
export {
  signGitHubWebhook,
  deliverGitHubWebhook,
  type WebhookDeliveryResult,
} from './github-webhook-delivery';
export type {
  GitHubRunStatus,
  LocalGitHubRepository,
  LocalWorkflowRun,
  RecordedDispatch,
  RecordedGitHubRequest,
} from './local-github-model';
