// V8's worker threads run below the thread that serves requests. Loaded by register.js, so every process
// started from the build (tools/start, the bench, the e2e systems, the image's entrypoint) runs with it.
//
// The worker threads do V8's optimising compilation and its concurrent GC work. A service optimises hot
// code soon after it starts serving (V8_INTERRUPT_BUDGET, applied by startService), and with all five
// services compiling when load began, the compilation competed with requests: the first 5 s of 20 runs/s
// waited (p99 about 1 s on 2 cores). At nice 19 (FLOWLINE_V8_WORKER_NICE, 0-19; 0 leaves them as they
// are) the compilation takes the CPU time requests leave free (p99 124-150 ms). Under sustained full load
// the workers still run, only last.
//
// The same threads help with GC, so a GC pause can wait for a helper that is not running; GC still keeps
// V8's defaults, since scavenging on the main thread alone did not change runs/s or p99 (figures in the
// README, "Running a service from the build").
//
// Linux only (threads are found in /proc/self/task).
'use strict';
const fs = require('node:fs');
const os = require('node:os');

const DEFAULT_WORKER_NICE = '19';

function workerNice() {
  const raw = process.env.FLOWLINE_V8_WORKER_NICE ?? DEFAULT_WORKER_NICE;
  const value = Number(raw);
  if (raw === '' || !Number.isInteger(value) || value < 0 || value > 19) {
    throw new Error(`FLOWLINE_V8_WORKER_NICE must be an integer from 0 to 19, not "${raw}"`);
  }
  return value;
}

// The threads there are now are V8's (its platform workers and delayed-task runner); the main thread is the
// process itself. Threads started later (libuv's pool, worker_threads) take the main thread's priority.
// A CPU profile's sampler is left alone, so profiles keep their sampling rate.
const nice = workerNice();
if (
  nice > 0 &&
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
