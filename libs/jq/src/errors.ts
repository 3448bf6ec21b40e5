export type JqErrorCode = 'JQ_COMPILE_ERROR' | 'JQ_RUNTIME_ERROR' | 'JQ_TIMEOUT' | 'JQ_LIMIT';

/** Every failure of an evaluation: its `code`, the `expression`, and jq's message. */
export abstract class JqError extends Error {
  abstract readonly code: JqErrorCode;
  /** Where the expression sits in a rendered template value, e.g. `body.name` (templates only). */
  path?: string;

  protected constructor(
    readonly expression: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The expression is not valid jq; `message` is jq's, e.g. "syntax error, unexpected ...". */
export class JqCompileError extends JqError {
  readonly code = 'JQ_COMPILE_ERROR';

  constructor(expression: string, message: string) {
    super(expression, message);
  }
}

/**
 * jq raised an error while evaluating. `value` is jq's error value (what `try ... catch .` sees);
 * `message` is that value when it is a string, else its JSON text followed by " (not a string)".
 */
export class JqRuntimeError extends JqError {
  readonly code = 'JQ_RUNTIME_ERROR';

  constructor(
    expression: string,
    readonly value: unknown,
  ) {
    super(expression, runtimeMessage(value));
  }
}

export class JqTimeoutError extends JqError {
  readonly code = 'JQ_TIMEOUT';

  constructor(
    expression: string,
    readonly timeoutMs: number,
  ) {
    super(expression, `jq evaluation exceeded the time limit of ${timeoutMs} ms`);
  }
}

export class JqLimitError extends JqError {
  readonly code = 'JQ_LIMIT';

  constructor(
    expression: string,
    readonly limit: 'input' | 'output',
    readonly maxBytes: number,
  ) {
    super(expression, `jq ${limit} exceeds the limit of ${maxBytes} bytes`);
  }
}

export function runtimeMessage(value: unknown): string {
  return typeof value === 'string' ? value : `${JSON.stringify(value) ?? 'null'} (not a string)`;
}
