import {
  NodeDispatchProbe,
  nodeDispatch,
  startExecutorApp,
  type TestDispatch,
  type TestNamespace,
} from '@flowline/testing';
import { AppModule } from '../app.module';
import { ExecutorKafkaConfig, SERVICE_NAME } from '../executor-kafka.config';

/** The executor as `main.ts` runs it, consuming the namespace's dispatch topic; its JSON logs are kept. */
export function startExecutor(ns: TestNamespace, env: Record<string, string> = {}) {
  return startExecutorApp(ns, { serviceName: SERVICE_NAME, Config: ExecutorKafkaConfig, AppModule }, env);
}

export const TRIGGER_OUTPUT = { service: 'svc-a', version: '1.4.2', environment: 'staging', replicas: 3 };

/** A dispatch of a KAFKA node, as the orchestrator publishes it. */
export function kafkaDispatch(
  orgId: string,
  config: Record<string, unknown>,
  workflow?: { identifier: string; version: number },
): TestDispatch {
  const node = { identifier: 'publish-event', config: { type: 'KAFKA', ...config } };
  return nodeDispatch(orgId, node, { trigger: TRIGGER_OUTPUT, ...(workflow ? { workflow } : {}) });
}

export type Dispatch = TestDispatch;
export type DispatchProbe = NodeDispatchProbe;
export const DispatchProbe = { start: (ns: TestNamespace) => NodeDispatchProbe.start(ns, 'kafka') };
