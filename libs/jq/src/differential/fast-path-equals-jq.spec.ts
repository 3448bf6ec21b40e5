import { JqEngine } from '../engine/jq-engine';
import type { Outcome } from '../engine/outcome';
import { FastEvaluator } from '../engine/fast-evaluator';
import { PreparedInput } from '../engine/input-text';
import { randomExpression, randomInput } from './case-generator';
import { EDGE_EXPRESSIONS, EDGE_INPUTS } from './edge-cases';
import { REFERENCE_DOC_CONTEXTS, REFERENCE_DOC_EXPRESSIONS } from './reference-doc-cases';
import { SeededRandom } from './seeded-random';

/**
 * The fast path must give exactly jq 1.8.2's results and errors. Thousands of generated
 * (expression, input) pairs plus every expression of the reference doc run through both; every case
 * the fast path answers must match jq-wasm. Replay a failure with JQ_DIFF_SEED=<seed>.
 */
const seed = Number(process.env['JQ_DIFF_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const GENERATED_CASES = Number(process.env['JQ_DIFF_CASES'] ?? 5000);
const MIN_COMPARED = 2000;

interface Case {
  expression: string;
  input: unknown;
}

describe('fast path vs jq-wasm (differential)', () => {
  const reference = new JqEngine({ poolSize: 2, timeoutMs: 3000, fastPath: false });
  const fast = new FastEvaluator(10_000, 1 << 20);
  afterAll(() => reference.close());

  it(`gives jq's exact results and errors on generated cases (seed ${seed})`, async () => {
    const random = new SeededRandom(seed);
    const cases: Case[] = [];
    for (const expression of REFERENCE_DOC_EXPRESSIONS) {
      for (const input of REFERENCE_DOC_CONTEXTS) cases.push({ expression, input });
    }
    const docCases = cases.length;
    for (const expression of EDGE_EXPRESSIONS) {
      for (const input of EDGE_INPUTS) cases.push({ expression, input });
    }
    for (let i = 0; i < GENERATED_CASES; i += 1) {
      cases.push({ expression: randomExpression(random), input: randomInput(random) });
    }

    const report = await compare(cases, reference, fast);
    const docCompared = report.compared.filter((index) => index < docCases).length;
    const generatedStart = docCases + EDGE_EXPRESSIONS.length * EDGE_INPUTS.length;
    const generatedCompared = report.compared.filter((index) => index >= generatedStart).length;
    const summary =
      `seed ${seed}: ${report.compared.length} compared (${generatedCompared} generated, ${docCompared} ` +
      `from the reference doc, the rest edge cases), ${report.declined} left to jq, ` +
      `${report.timedOut} timed out in jq`;
    if (process.env['JQ_DIFF_VERBOSE']) console.info(summary);
    if (report.mismatches.length > 0) {
      throw new Error(
        `${summary}\n${report.mismatches.length} mismatches:\n${report.mismatches.slice(0, 8).join('\n\n')}`,
      );
    }
    expect(generatedCompared).toBeGreaterThanOrEqual(MIN_COMPARED);
    // Every reference-doc expression that is plain jq path/filter work stays on the fast path.
    expect(docCompared).toBeGreaterThan(REFERENCE_DOC_EXPRESSIONS.length * 4);
  }, 180_000);
});

async function compare(cases: Case[], reference: JqEngine, fast: FastEvaluator) {
  const compared: number[] = [];
  const mismatches: string[] = [];
  let declined = 0;
  let timedOut = 0;
  const chunk = 64;
  for (let start = 0; start < cases.length; start += chunk) {
    // Only the cases the fast path answers need jq's answer.
    const claimed: Array<{ index: number; c: Case; text: string; mine: Outcome }> = [];
    cases.slice(start, start + chunk).forEach((c, offset) => {
      const prepared = new PreparedInput(c.input);
      const mine = fast.evaluate(c.expression, () => prepared.fastValue());
      if (mine) claimed.push({ index: start + offset, c, text: prepared.text, mine });
      else declined += 1;
    });
    const jqOutcomes = await Promise.all(claimed.map(({ c }) => reference.outcome(c.expression, c.input)));
    claimed.forEach(({ index, c, text, mine }, i) => {
      const jq = jqOutcomes[i];
      if (!jq.ok && jq.error.code === 'JQ_TIMEOUT') {
        timedOut += 1;
        return;
      }
      compared.push(index);
      const difference = differ(mine, jq);
      if (difference) {
        mismatches.push(
          `expression: ${c.expression}\ninput: ${text}\nfast path: ${show(mine)}\njq: ${show(jq)}\n(${difference})`,
        );
      }
    });
  }
  return { compared, mismatches, declined, timedOut };
}

function show(outcome: Outcome): string {
  return outcome.ok
    ? `outputs ${JSON.stringify(outcome.outputs)}`
    : `${outcome.error.name} ${JSON.stringify(outcome.error.message)}`;
}

function differ(a: Outcome, b: Outcome): string | undefined {
  if (a.ok !== b.ok) return 'one failed, the other did not';
  if (a.ok && b.ok) {
    if (JSON.stringify(a.outputs) !== JSON.stringify(b.outputs)) return 'different outputs';
    if (!sameNumbers(a.outputs, b.outputs)) return 'different numbers (-0?)';
    return undefined;
  }
  if (!a.ok && !b.ok) {
    if (a.error.code !== b.error.code) return 'different error kinds';
    if (a.error.message !== b.error.message) return 'different error messages';
  }
  return undefined;
}

function sameNumbers(a: unknown, b: unknown): boolean {
  if (typeof a === 'number') return Object.is(a, b);
  if (Array.isArray(a)) return Array.isArray(b) && a.every((item, i) => sameNumbers(item, b[i]));
  if (typeof a === 'object' && a !== null) {
    return Object.keys(a).every((key) => sameNumbers((a as never)[key], (b as never)[key]));
  }
  return true;
}
