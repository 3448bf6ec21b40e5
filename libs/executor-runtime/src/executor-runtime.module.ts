import { type DynamicModule, type ModuleMetadata, Module, type Provider, type Type } from '@nestjs/common';
import { type ExecutorBackend } from '@flowline/contracts';
import { DispatchTopics } from './dispatch/dispatch-topics';
import { ExecuteNodeDispatch } from './dispatch/execute-node-dispatch';
import { nodeDispatchController } from './dispatch/node-dispatch-controller';
import { type ExecutorConfig } from './executor-config';
import { NODE_EXECUTOR, type NodeExecutor } from './node-executor';
import { NodeConfigRenderer } from './rendering/node-config-renderer';
import { DEFAULT_MAX_RESULT_BYTES } from './results/node-completed';
import { MAX_SECRET_CACHE_TTL_MS, RUNTIME_SETTINGS, type RuntimeSettings } from './runtime-settings';
import { SealedInputOpener } from './secrets/sealed-input-opener';
import { SecretResolver } from './secrets/secret-resolver';

export interface ExecutorRuntimeOptions {
  /** Which dispatch topic to consume (`nodeDispatchTopic(backend)`); the executor must serve it. */
  backend: ExecutorBackend;
  config: ExecutorConfig;
  /** The app's one NodeExecutor class; the runtime provides it (and exposes it as NODE_EXECUTOR). */
  executor: Type<NodeExecutor>;
  /** What the executor needs injected (its config, clients). */
  providers?: Provider[];
  imports?: ModuleMetadata['imports'];
  /** Default 5 s, at most 10 s. */
  secretCacheTtlMs?: number;
  /** Default 15 min. */
  recentExecutionTtlMs?: number;
  /** Largest result message in JSON bytes; default 900 KiB (Kafka's default message limit is ~1 MB). */
  maxResultBytes?: number;
}

/**
 * Everything an executor app shares (DESIGN.md §4 step 4): consume the backend's dispatch topic,
 * resolve secrets, render the config, call the executor, publish the result. Import it next to
 * CoreServiceModule (which gives Kafka, auth and health) and start the app with `consumesKafka: true`.
 */
@Module({})
export class ExecutorRuntimeModule {
  static forRoot(options: ExecutorRuntimeOptions): DynamicModule {
    const settings: RuntimeSettings = {
      backend: options.backend,
      workflowsUrl: options.config.WORKFLOWS_URL,
      jqPoolSize: options.config.JQ_POOL_SIZE,
      jqTimeoutMs: options.config.JQ_TIMEOUT_MS,
      secretCacheTtlMs: Math.min(options.secretCacheTtlMs ?? 5_000, MAX_SECRET_CACHE_TTL_MS),
      recentExecutionTtlMs: options.recentExecutionTtlMs ?? 15 * 60_000,
      recentExecutionLimit: 10_000,
      maxResultBytes: options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES,
      secretRequestTimeoutMs: 5_000,
    };
    return {
      module: ExecutorRuntimeModule,
      imports: options.imports ?? [],
      controllers: [nodeDispatchController(options.backend)],
      providers: [
        { provide: RUNTIME_SETTINGS, useValue: settings },
        options.executor,
        { provide: NODE_EXECUTOR, useExisting: options.executor },
        ...(options.providers ?? []),
        SecretResolver,
        SealedInputOpener,
        NodeConfigRenderer,
        ExecuteNodeDispatch,
        DispatchTopics,
      ],
      exports: [NODE_EXECUTOR, SecretResolver],
    };
  }
}
