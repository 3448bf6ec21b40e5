/**
 * The worker thread's script, kept as source text and started with `eval: true`: it then runs the same
 * way under jest (which transpiles TS but not worker scripts), from compiled JS and inside a bundle,
 * with no separate file to ship. It receives jq-wasm's path and its compiled WebAssembly.Module.
 *
 * One job is a list of items (expression, index into the job's inputs). Each distinct expression is
 * compiled alone first (jq compiles on an empty input stream without evaluating; the answer is cached),
 * then all compiling items run as ONE jq program, each wrapped so its own error is caught:
 *
 *   def env: {}; {} as $ENV | [ (.[0] | try ["o", [(EXPR\n\n)]] catch ["e", .]), ... ]
 *
 * `env` and `$ENV` are {} so no host environment leaks into workflows. The blank line after EXPR ends a
 * trailing `# comment` (even one continued with a backslash). Expressions that can stop jq as a whole
 * (halt, halt_error) or read their position ($__loc__) run alone.
 */
export const JQ_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { loadJq } = require(workerData.jqWasmPath);

const COMPILE_CACHE_SIZE = 2000;
const RUN_ALONE = /\bhalt(?:_error)?\b|\$__loc__|\binput_line_number\b/;
const compiled = new Map();
let jq;

function compileErrorMessage(stderr) {
  const messages = [];
  for (const line of stderr.split('\n')) {
    if (line.startsWith('jq: error: ')) messages.push(line.slice(11).replace(/:$/, ''));
  }
  return messages.length > 0 ? messages.join('\n') : stderr.trim() || 'jq compile error';
}

function compileStatus(expression) {
  if (compiled.has(expression)) return compiled.get(expression);
  const result = jq.raw('', expression, ['--']);
  const status = result.exitCode === 0 ? null : compileErrorMessage(result.stderr);
  if (compiled.size >= COMPILE_CACHE_SIZE) compiled.delete(compiled.keys().next().value);
  compiled.set(expression, status);
  return status;
}

function program(items) {
  const parts = items.map(
    (item) => '(.[' + item.input + '] | try ["o", [(' + item.expression + '\n\n)]] catch ["e", .])',
  );
  return 'def env: {}; {} as $ENV | [' + parts.join(',\n') + ']';
}

function run(inputsText, items) {
  const result = jq.raw(inputsText, program(items), ['-c', '--']);
  if (result.exitCode === 0 && result.stdout) {
    try {
      const parsed = JSON.parse(result.stdout);
      if (Array.isArray(parsed) && parsed.length === items.length) return { parsed, bytes: Buffer.byteLength(result.stdout) };
    } catch (error) {
      // fall through: jq printed something that is not one JSON array
    }
  }
  return { result };
}

function toResult(entry, maxOutputBytes, checkSize) {
  if (entry[0] === 'e') return { ok: false, kind: 'runtime', value: entry[1] };
  if (checkSize && Buffer.byteLength(JSON.stringify(entry[1])) > maxOutputBytes) return { ok: false, kind: 'limit' };
  return { ok: true, outputs: entry[1] };
}

function runAlone(inputsText, item, maxOutputBytes) {
  const outcome = run(inputsText, [item]);
  if (outcome.parsed) return toResult(outcome.parsed[0], maxOutputBytes, true);
  const { exitCode, stderr } = outcome.result;
  if (exitCode === 0) return { ok: true, outputs: [] }; // halt: no value reached the wrapper
  if (exitCode === 3) return { ok: false, kind: 'compile', message: compileErrorMessage(stderr) };
  // halt_error prints its value as the message; other stops print "jq: error (at ...): message".
  const message = stderr.replace(/^jq: error \(at [^)]*\)(?: \(not a string\))?: /, '').replace(/\n$/, '');
  return { ok: false, kind: 'runtime', value: message };
}

function handle(job) {
  const results = new Array(job.items.length);
  const batch = [];
  const alone = [];
  job.items.forEach((item, index) => {
    const status = compileStatus(item.expression);
    if (status !== null) results[index] = { ok: false, kind: 'compile', message: status };
    else (RUN_ALONE.test(item.expression) ? alone : batch).push(index);
  });
  const inputsText = '[' + job.inputs.join(',') + ']';
  if (batch.length > 0) {
    const outcome = run(inputsText, batch.map((index) => job.items[index]));
    if (outcome.parsed) {
      const checkSize = outcome.bytes > job.maxOutputBytes / 2;
      batch.forEach((index, at) => (results[index] = toResult(outcome.parsed[at], job.maxOutputBytes, checkSize)));
    } else {
      alone.push(...batch);
    }
  }
  for (const index of alone) results[index] = runAlone(inputsText, job.items[index], job.maxOutputBytes);
  return results;
}

const ready = loadJq({ wasmModule: workerData.wasmModule }).then((handle) => {
  jq = handle;
  parentPort.postMessage({ ready: true });
});

parentPort.on('message', (job) => {
  ready.then(() => {
    let reply;
    try {
      reply = { id: job.id, results: handle(job) };
    } catch (error) {
      reply = { id: job.id, fatal: String((error && error.message) || error) };
    }
    parentPort.postMessage(reply);
    // After a wasm abort (out of memory) the instance is unusable: end and let the pool start afresh.
    if (reply.fatal) process.exit(1);
  });
});
`;
