import { LruCache } from '../lru-cache';
import { compileErrorMessage } from '../reference/compile-error-message';
import { localJq } from '../reference/local-jq';

const checked = new LruCache<string, string | null>(2_000);

/**
 * Compiles `expression` with the reference engine (jq-wasm) without running it on real data. Resolves
 * to undefined when it compiles, else to jq's own compile error message (e.g. "syntax error, unexpected
 * ..."). Never throws.
 *
 * jq compiles the whole program before it reads its first input, so running it on an empty input
 * stream compiles it and evaluates nothing: `def f: f; f` or `.a.b` on a string cannot misfire here,
 * and the error positions refer to the expression exactly as written.
 */
export async function checkJqSyntax(expression: string): Promise<string | undefined> {
  const known = checked.get(expression);
  if (known !== undefined) return known ?? undefined;
  try {
    const jq = await localJq();
    // `--` so an expression starting with '-' is not read as a command-line option.
    const result = jq.raw('', expression, ['--']);
    const message = result.exitCode === 0 ? null : compileErrorMessage(result.stderr);
    checked.set(expression, message);
    return message ?? undefined;
  } catch (error) {
    return `jq engine unavailable: ${error instanceof Error ? error.message : String(error)}`;
  }
}
