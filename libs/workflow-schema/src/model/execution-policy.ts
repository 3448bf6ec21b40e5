import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsObject, Min, ValidateNested } from 'class-validator';
import { CONDITION_TYPE, isActionType } from './node-types';
import { MayBeOmitted } from './simple-validator';

// Flowline's additive per-node options (not in Port's beta). They sit on the node next to `config`;
// Port's later docs put `onFailure`/`onTimeout` inside an action's config, which normalisation moves
// here.

export const ON_FAILURE = ['terminate', 'continue'] as const;
export const ON_TIMEOUT = ['fail', 'continue'] as const;
export type OnFailure = (typeof ON_FAILURE)[number];
export type OnTimeout = (typeof ON_TIMEOUT)[number];

/** Exponential backoff between attempts of one action node: interval * backoffRate^(attempt-1). */
export class RetryPolicy {
  /** Total attempts, the first one included; 1 means no retry. */
  @MayBeOmitted()
  @Min(1)
  @IsInt()
  maxAttempts?: number;

  @MayBeOmitted()
  @Min(0)
  @IsInt()
  initialIntervalMs?: number;

  @MayBeOmitted()
  @Min(1)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  backoffRate?: number;

  @MayBeOmitted()
  @Min(0)
  @IsInt()
  maxIntervalMs?: number;

  /** Randomise each wait (full jitter) so retries of many runs do not hit a backend in lockstep. */
  @MayBeOmitted()
  @IsBoolean()
  jitter?: boolean;
}

export const IsOnFailure = () =>
  IsIn(ON_FAILURE, { message: `$property must be one of ${ON_FAILURE.join(', ')}` });
export const IsOnTimeout = () =>
  IsIn(ON_TIMEOUT, { message: `$property must be one of ${ON_TIMEOUT.join(', ')}` });

/**
 * Flowline extension: workflow-level defaults of the per-node options (`defaults` next to `nodes`). A
 * node's own value wins; `retry` merges field by field (node over workflow over built-in defaults).
 * `retry`, `timeoutSeconds` and `onTimeout` apply to action nodes, `onFailure` to action and CONDITION
 * nodes, as on the nodes themselves.
 */
export class WorkflowDefaults {
  @MayBeOmitted()
  @ValidateNested()
  @Type(() => RetryPolicy)
  @IsObject()
  retry?: RetryPolicy;

  @MayBeOmitted()
  @Min(1)
  @IsInt()
  timeoutSeconds?: number;

  @MayBeOmitted()
  @IsOnTimeout()
  onTimeout?: OnTimeout;

  @MayBeOmitted()
  @IsOnFailure()
  onFailure?: OnFailure;
}

export interface ExecutionPolicy {
  retry: Required<RetryPolicy>;
  /** Undefined: the node has no timeout of its own and the orchestrator's defaults apply. */
  timeoutSeconds: number | undefined;
  onTimeout: OnTimeout;
  onFailure: OnFailure;
}

export const DEFAULT_RETRY_POLICY: Readonly<Required<RetryPolicy>> = Object.freeze({
  maxAttempts: 1,
  initialIntervalMs: 1_000,
  backoffRate: 2,
  maxIntervalMs: 60_000,
  jitter: true,
});

/**
 * The node's options with every default filled in, for the orchestrator. `defaults` (the workflow's
 * `defaults`) fill what the node leaves out, where they apply to the node's type (see WorkflowDefaults);
 * a node given without its `config` takes all of them.
 */
export function resolveExecutionPolicy(
  node: {
    retry?: RetryPolicy;
    timeoutSeconds?: number;
    onTimeout?: OnTimeout;
    onFailure?: OnFailure;
    config?: { type?: unknown };
  },
  defaults?: WorkflowDefaults,
): ExecutionPolicy {
  const inherited = defaultsFor(node.config?.type, defaults ?? {}, node.config === undefined);
  return {
    retry: {
      ...DEFAULT_RETRY_POLICY,
      ...definedOnly(inherited.retry ?? {}),
      ...definedOnly(node.retry ?? {}),
    },
    timeoutSeconds: node.timeoutSeconds ?? inherited.timeoutSeconds,
    onTimeout: node.onTimeout ?? inherited.onTimeout ?? 'fail',
    onFailure: node.onFailure ?? inherited.onFailure ?? 'terminate',
  };
}

function defaultsFor(type: unknown, defaults: WorkflowDefaults, untyped: boolean): WorkflowDefaults {
  if (untyped || isActionType(type)) return defaults;
  if (type === CONDITION_TYPE) return { onFailure: defaults.onFailure };
  return {};
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
