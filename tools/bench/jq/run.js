#!/usr/bin/env node
// jq evaluation throughput: node-jq (a jq process per evaluation, Debian's /usr/bin/jq) as the
// baseline, the reference engine (jq-wasm in worker threads) and the fast path, in one run.
//
//   node tools/bench/jq/run.js [--seconds=3] [--concurrency=8] [--pool=2]
//
// Figures, not pass/fail: they depend on the machine.
const path = require('node:path');

process.env.JQ_PATH ??= '/usr/bin/jq';
require('./typescript-hook');

const { JqEngine } = require(path.join(__dirname, '../../../libs/jq/src/index.ts'));
const nodeJq = require('node-jq');
const { opsPerSecond, opsPerSecondBatched } = require('./measure');
const cases = require('./cases');

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key, Number(value)];
  }),
);
const seconds = args.seconds || 3;
const concurrency = args.concurrency || 8;
const poolSize = args.pool || 2;

/** One template render with node-jq: one jq process per `{{ }}` part, then assembled like the engine. */
async function renderWithNodeJq(value, context) {
  if (typeof value === 'string') {
    const parts = [...value.matchAll(/\{\{(.*?)\}\}/g)];
    if (parts.length === 0) return value;
    const results = await Promise.all(
      parts.map((m) => nodeJq.run(m[1].trim(), context, { input: 'json', output: 'json' })),
    );
    if (parts.length === 1 && parts[0][0] === value) return results[0];
    let i = 0;
    return value.replace(/\{\{(.*?)\}\}/g, () => {
      const v = results[i++];
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(value)) return Promise.all(value.map((item) => renderWithNodeJq(item, context)));
  if (value && typeof value === 'object') {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await renderWithNodeJq(v, context)]),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

async function main() {
  const reference = new JqEngine({ poolSize, fastPath: false, timeoutMs: 5000 });
  const fast = new JqEngine({ poolSize, timeoutMs: 5000 });
  const docBytes = Buffer.byteLength(JSON.stringify(cases.context));

  // Same answers from all three before timing anything.
  for (const expression of [cases.simplePath, cases.selectMap]) {
    const expected = JSON.stringify(await reference.evaluate(expression, cases.context));
    const viaFast = JSON.stringify(await fast.evaluate(expression, cases.context));
    const viaNodeJq = JSON.stringify([
      await nodeJq.run(expression, cases.context, { input: 'json', output: 'json' }),
    ]);
    if (viaFast !== expected || viaNodeJq !== expected) throw new Error(`engines disagree on ${expression}`);
    if (!fast.isFastPath(expression)) throw new Error(`not on the fast path: ${expression}`);
  }
  const renderedRef = JSON.stringify(await reference.renderTemplate(cases.template, cases.context));
  const renderedFast = JSON.stringify(await fast.renderTemplate(cases.template, cases.context));
  const renderedNodeJq = JSON.stringify(await renderWithNodeJq(cases.template, cases.context));
  if (renderedFast !== renderedRef || renderedNodeJq !== renderedRef)
    throw new Error('engines disagree on the template');

  const rows = [
    [
      'simple path',
      (e) => e.evaluate(cases.simplePath, cases.context),
      () => nodeJq.run(cases.simplePath, cases.context, { input: 'json', output: 'json' }),
    ],
    [
      'select/map',
      (e) => e.evaluate(cases.selectMap, cases.context),
      () => nodeJq.run(cases.selectMap, cases.context, { input: 'json', output: 'json' }),
    ],
    [
      '10-part template',
      (e) => e.renderTemplate(cases.template, cases.context),
      () => renderWithNodeJq(cases.template, cases.context),
    ],
  ];

  const table = [];
  for (const [name, viaEngine, viaNodeJq] of rows) {
    const baseline = await opsPerSecond(viaNodeJq, { seconds, concurrency });
    const ref = await opsPerSecond(() => viaEngine(reference), { seconds, concurrency });
    const fastPath = await opsPerSecondBatched(() => viaEngine(fast), { seconds });
    table.push({ name, baseline, ref, fastPath });
  }
  await Promise.all([reference.close(), fast.close()]);

  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  const ratio = (n, base) => `${(n / base).toFixed(n / base >= 100 ? 0 : 1)}×`;
  console.log(
    `jq throughput on a ${docBytes}-byte document; Node ${process.version}; ${require('node:os').cpus().length} cores; ` +
      `${seconds}s per cell; node-jq and reference engine with ${concurrency} calls in flight, ` +
      `reference pool of ${poolSize} workers; fast path on one core (the event loop).`,
  );
  console.log('Template rows count whole renders (10 expressions each) per second.\n');
  const header = [
    'case',
    'node-jq (jq 1.6 process)',
    'reference (jq-wasm pool)',
    'ratio',
    'fast path',
    'ratio',
  ];
  const lines = table.map((r) => [
    r.name,
    fmt(r.baseline),
    fmt(r.ref),
    ratio(r.ref, r.baseline),
    fmt(r.fastPath),
    ratio(r.fastPath, r.baseline),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(row(header));
  console.log(
    `|${widths.map((w, i) => (i === 0 ? ':' : '') + '-'.repeat(w + 1) + (i === 0 ? '' : ':')).join('|')}|`,
  );
  for (const line of lines) console.log(row(line));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
