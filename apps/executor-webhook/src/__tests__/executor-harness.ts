import path from 'node:path';
import {
  NodeDispatchProbe,
  nodeDispatch,
  type RunningTestApp,
  startExecutorApp,
  startServiceFromSource,
  type TestDispatch,
  type TestNamespace,
} from '@flowline/testing';
import { AppModule } from '../app.module';
import { ExecutorWebhookConfig, SERVICE_NAME } from '../executor-webhook.config';

export const SIGNING_SECRET = 'an-integration-test-signing-secret-0123456789';

/** The executor as `main.ts` runs it, consuming the namespace's dispatch topic; its JSON logs are kept. */
export function startExecutor(ns: TestNamespace, env: Record<string, string>) {
  return startExecutorApp(
    ns,
    { serviceName: SERVICE_NAME, Config: ExecutorWebhookConfig, AppModule },
    { WEBHOOK_SIGNING_SECRET: SIGNING_SECRET, ...env },
  );
}

/** The real workflows service, in-process, whose internal endpoint resolves secrets. */
export function startWorkflowsService(ns: TestNamespace): Promise<RunningTestApp> {
  return startServiceFromSource(ns, {
    sourceDir: path.resolve(__dirname, '../../../workflows/src'),
    config: { file: 'workflows.config', name: 'WorkflowsConfig' },
    entities: { file: 'entities', name: 'entities' },
    env: { SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') },
  });
}

export const TRIGGER_OUTPUT = { service: 'svc-a', count: 3, email: 'dev@example.com' };

/** A dispatch of a WEBHOOK node, as the orchestrator publishes it. */
export function webhookDispatch(
  orgId: string,
  config: Record<string, unknown>,
  extra: {
    timeoutSeconds?: number;
    deadline?: string;
    workflow?: { identifier: string; version: number };
  } = {},
): TestDispatch {
  const node = {
    identifier: 'call-webhook',
    config: { type: 'WEBHOOK', ...config },
    ...(extra.timeoutSeconds ? { timeoutSeconds: extra.timeoutSeconds } : {}),
  };
  return nodeDispatch(orgId, node, {
    trigger: TRIGGER_OUTPUT,
    deadline: extra.deadline,
    ...(extra.workflow ? { workflow: extra.workflow } : {}),
  });
}

export type Dispatch = TestDispatch;
export type DispatchProbe = NodeDispatchProbe;
export const DispatchProbe = { start: (ns: TestNamespace) => NodeDispatchProbe.start(ns, 'webhook') };
