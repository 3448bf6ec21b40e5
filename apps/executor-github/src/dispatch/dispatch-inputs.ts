import { MAX_GITHUB_DISPATCH_INPUTS } from '@flowline/workflow-schema';

/**
 * The input that carries Flowline's idempotency key (`<nodeRunId>:<attempt>`, DESIGN.md §5) to the
 * workflow. GitHub refuses inputs a workflow does not declare, so it is added only when the node's own
 * inputs leave room under GitHub's limit of 10, and dropped again when GitHub answers "Unexpected inputs
 * provided" for it. A workflow that declares `flowline_run` (and, say, `run-name: ${{ inputs.flowline_run }}`)
 * gets it, and its runs can be matched to node runs exactly.
 */
export const IDEMPOTENCY_INPUT = 'flowline_run';

export interface DispatchInputs {
  /** The branch or tag to run on, from the `ref` input (Port's convention); absent: the default branch. */
  ref?: string;
  /** Every value a string, as GitHub requires. */
  inputs: Record<string, string>;
  /** Whether `inputs` carries IDEMPOTENCY_INPUT added by Flowline. */
  carriesIdempotencyKey: boolean;
}

export type DispatchInputsResult = ({ ok: true } & DispatchInputs) | { ok: false; message: string };

/**
 * GitHub takes strings only: text stays as it is, numbers and booleans become their text, objects and
 * arrays their JSON. null/undefined become no input at all, so the workflow's own `default` applies.
 */
export function toInputString(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

/** The dispatch's `ref` and inputs from the node's rendered `workflowInputs`. */
export function prepareDispatchInputs(
  workflowInputs: Record<string, unknown>,
  idempotencyKey: string,
): DispatchInputsResult {
  const { ref: refValue, ...rest } = workflowInputs;
  const ref = toInputString(refValue)?.trim();
  if (refValue !== undefined && refValue !== null && !ref)
    return { ok: false, message: 'the ref input must name a branch or tag' };

  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(rest)) {
    const text = toInputString(value);
    if (text !== undefined) inputs[name] = text;
  }
  const names = Object.keys(inputs);
  if (names.length > MAX_GITHUB_DISPATCH_INPUTS) {
    return {
      ok: false,
      message:
        `GitHub accepts at most ${MAX_GITHUB_DISPATCH_INPUTS} workflow_dispatch inputs; this node sends ` +
        `${names.length} (${names.join(', ')})`,
    };
  }
  const roomForKey = names.length < MAX_GITHUB_DISPATCH_INPUTS && !(IDEMPOTENCY_INPUT in inputs);
  if (roomForKey) inputs[IDEMPOTENCY_INPUT] = idempotencyKey;
  return { ok: true, ...(ref ? { ref } : {}), inputs, carriesIdempotencyKey: roomForKey };
}

/** The same dispatch without the idempotency input, for a workflow that does not declare it. */
export function withoutIdempotencyKey(prepared: DispatchInputs): DispatchInputs {
  if (!prepared.carriesIdempotencyKey) return prepared;
  const { [IDEMPOTENCY_INPUT]: _dropped, ...inputs } = prepared.inputs;
  return { ...prepared, inputs, carriesIdempotencyKey: false };
}

/** Whether GitHub refused the dispatch (also) because the workflow does not declare the idempotency input. */
export function refusedIdempotencyInput(status: number | undefined, message: string | undefined): boolean {
  if (status !== 422 || !message) return false;
  const match = /Unexpected inputs provided:\s*(\[.*\])/s.exec(message);
  if (!match) return false;
  try {
    const names = JSON.parse(match[1]) as unknown;
    return Array.isArray(names) && names.includes(IDEMPOTENCY_INPUT);
  } catch {
    return false;
  }
}
