import { Problem, ProblemCode, problem } from './problems';

/**
 * Bounds on what one definition may hold (DESIGN.md §5 "Bounded inputs"). The reference documents no
 * maximum node count, timeout or retry policy, so these numbers are ours; every default lives here.
 */
export interface WorkflowLimits {
  maxNodes: number;
  maxConnections: number;
  /** UTF-8 size of the definition serialised as JSON. */
  maxDefinitionBytes: number;
  /** Object/array nesting depth anywhere in the definition (request bodies, payloads, mappings). */
  maxNestingDepth: number;
  maxRetryAttempts: number;
  maxRetryIntervalMs: number;
  /** Long enough for an async GitHub workflow or a human-paced external system. */
  maxTimeoutSeconds: number;
}

export const DEFAULT_WORKFLOW_LIMITS: Readonly<WorkflowLimits> = Object.freeze({
  maxNodes: 200,
  maxConnections: 400,
  maxDefinitionBytes: 512 * 1024,
  maxNestingDepth: 32,
  maxRetryAttempts: 20,
  maxRetryIntervalMs: 24 * 60 * 60 * 1000,
  maxTimeoutSeconds: 7 * 24 * 60 * 60,
});

export function resolveLimits(overrides?: Partial<WorkflowLimits>): WorkflowLimits {
  const limits: WorkflowLimits = { ...DEFAULT_WORKFLOW_LIMITS };
  for (const key of Object.keys(limits) as Array<keyof WorkflowLimits>) {
    const value = overrides?.[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) limits[key] = value;
  }
  return limits;
}

/**
 * The checks that must pass before anything walks the definition recursively: a too-deep or too-large
 * input is refused here, so later stages never risk the stack or spend time on a hostile payload.
 */
export function checkDefinitionSize(input: unknown, limits: WorkflowLimits): Problem[] {
  const depth = nestingDepth(input, limits.maxNestingDepth);
  if (depth > limits.maxNestingDepth) {
    return [
      problem(
        '',
        ProblemCode.NESTING_TOO_DEEP,
        `definition is nested deeper than ${limits.maxNestingDepth} levels`,
      ),
    ];
  }
  let serialised: string | undefined;
  try {
    serialised = JSON.stringify(input);
  } catch (error) {
    return [problem('', ProblemCode.INVALID_JSON, `definition is not serialisable JSON: ${describe(error)}`)];
  }
  const bytes = Buffer.byteLength(serialised ?? '', 'utf8');
  if (bytes > limits.maxDefinitionBytes) {
    return [
      problem(
        '',
        ProblemCode.DEFINITION_TOO_LARGE,
        `definition is ${bytes} bytes; the limit is ${limits.maxDefinitionBytes}`,
      ),
    ];
  }
  return [];
}

/** Depth of the deepest object or array, counted iteratively and abandoned once past `stopAfter`. */
export function nestingDepth(input: unknown, stopAfter: number): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[input, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > stopAfter) return deepest;
    for (const child of Object.values(value)) pending.push([child, here]);
  }
  return deepest;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
