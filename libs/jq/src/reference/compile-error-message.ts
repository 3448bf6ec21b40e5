/**
 * jq's compile errors on stderr look like
 *   jq: error: syntax error, unexpected end of file at <top-level>, line 1, column 4:
 *       .a |
 *          ^
 *   jq: 1 compile error
 * Callers want the message lines only: no "jq: error: " prefix, no source excerpt, no summary line.
 */
export function compileErrorMessage(stderr: string): string {
  const messages: string[] = [];
  for (const line of stderr.split('\n')) {
    if (line.startsWith('jq: error: ')) messages.push(line.slice('jq: error: '.length).replace(/:$/, ''));
  }
  return messages.length > 0 ? messages.join('\n') : stderr.trim() || 'jq compile error';
}

/** jq exits with 3 when the program does not compile (2 is a usage error, 5 a runtime error). */
export const JQ_COMPILE_ERROR_EXIT_CODE = 3;
