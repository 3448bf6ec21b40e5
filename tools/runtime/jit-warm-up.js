// How a just-started service reaches its full speed: loaded by register.js, so every service started from the
// build (tools/start, the bench, the e2e systems, the image's entrypoint) runs with it.
//
// - V8 optimises a function once it has run a while (its "interrupt budget" of bytecode executed, 66 KB by
//   default). A run crosses five Node processes, each compiling its own copy of the same libraries, so on a
//   small machine the services spent the first tens of seconds under load interpreted: CPU per run at
//   saturation was 30-40% higher in the first 500 runs than after a few thousand. FLOWLINE_V8_INTERRUPT_BUDGET
//   (default 4096 bytes; empty for V8's own) makes hot functions reach the optimising compiler sooner.
// - The compilation, and V8's concurrent GC work, runs on V8's worker threads. They run at a lower priority
//   than the thread that serves requests (FLOWLINE_V8_WORKER_NICE, default 19, the lowest; 0 leaves them as
//   they are), so compiling happens in the CPU time requests leave free instead of delaying them: with the
//   lower budget alone, the burst of compilation when load began made the first 5 s of 20 runs/s wait (p99
//   about 1 s). Under sustained full load they still run, only last; the main thread finishes GC work its
//   helpers have not done.
//
// Linux only (threads are found in /proc/self/task); elsewhere only the budget applies.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const v8 = require('node:v8');

const DEFAULT_INTERRUPT_BUDGET = '4096';
const DEFAULT_WORKER_NICE = '19';

function integerSetting(name, fallback, min, max) {
  const raw = process.env[name] ?? fallback;
  if (raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max} (or empty), not "${raw}"`);
  }
  return value;
}

const budget = integerSetting('FLOWLINE_V8_INTERRUPT_BUDGET', DEFAULT_INTERRUPT_BUDGET, 1024, 1 << 20);
if (budget !== undefined) v8.setFlagsFromString(`--interrupt-budget=${budget}`);

// The threads there are now are V8's (its platform workers and delayed-task runner); the main thread is the
// process itself. Threads started later (libuv's pool, worker_threads) take the main thread's priority.
// A CPU profile's sampler is left alone, so profiles keep their sampling rate.
const nice = integerSetting('FLOWLINE_V8_WORKER_NICE', DEFAULT_WORKER_NICE, 0, 19);
if (
  nice &&
  !process.execArgv.some((arg) => arg.startsWith('--cpu-prof')) &&
  fs.existsSync('/proc/self/task')
) {
  for (const tid of fs.readdirSync('/proc/self/task').map(Number)) {
    if (tid === process.pid) continue;
    try {
      os.setPriority(tid, nice);
    } catch {
      // The thread ended meanwhile, or the system refuses: it keeps its priority.
    }
  }
}

module.exports = { budget, nice };
