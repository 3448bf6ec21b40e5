import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

// The preload every service starts with (tools/runtime/register.js, which loads jit-warm-up.js). Each case
// runs a short node process with it: no network, no files written.
const REGISTER = path.resolve(__dirname, '../../../tools/runtime/register.js');

function runWithPreload(script: string, env: Record<string, string> = {}, nodeArgs: string[] = []) {
  const result = spawnSync(process.execPath, [...nodeArgs, '-r', REGISTER, '-e', script], {
    env: { PATH: process.env['PATH'], ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

/** Prints `main=<nice> others=<nice,...>` for the process's threads (field 19 of /proc/<tid>/stat). */
const PRINT_NICE = `
  const fs = require('node:fs');
  const nice = (tid) => fs.readFileSync('/proc/self/task/' + tid + '/stat', 'utf8').split(') ')[1].split(' ')[16];
  const tids = fs.readdirSync('/proc/self/task').map(Number);
  console.log('main=' + nice(process.pid) + ' others=' + tids.filter((t) => t !== process.pid).map(nice).join(','));
`;

/** Prints how many calls a small function took to be optimised (compiled on the main thread). */
const PRINT_CALLS_TO_OPTIMISE = `
  function f(a) { let s = 0; for (let i = 0; i < 20; i++) s += a * i; return s; }
  let n = 0;
  for (; n < 100000; n++) { f(n); if ((%GetOptimizationStatus(f) & 16) !== 0) break; }
  console.log(n);
`;
const NATIVES = ['--allow-natives-syntax', '--no-concurrent-recompilation'];
/** Child processes start at this process's nice level. */
const OWN_NICE = String(os.getPriority());

describe('the runtime preload (jit-warm-up)', () => {
  it("lowers V8's worker threads to nice 19 and leaves the main thread as it was", () => {
    const { status, stdout } = runWithPreload(PRINT_NICE);

    expect(status).toBe(0);
    const [, main, others] = /^main=(\d+) others=([\d,]+)$/.exec(stdout) ?? [];
    expect(main).toBe(OWN_NICE);
    expect(others.split(',').length).toBeGreaterThan(0);
    expect(new Set(others.split(','))).toEqual(new Set(['19']));
  });

  it('takes the nice level from FLOWLINE_V8_WORKER_NICE, and 0 leaves every thread alone', () => {
    expect(runWithPreload(PRINT_NICE, { FLOWLINE_V8_WORKER_NICE: '7' }).stdout).toMatch(
      new RegExp(`^main=${OWN_NICE} others=(7,)*7$`),
    );
    expect(runWithPreload(PRINT_NICE, { FLOWLINE_V8_WORKER_NICE: '0' }).stdout).toMatch(
      new RegExp(`^main=${OWN_NICE} others=(${OWN_NICE},)*${OWN_NICE}$`),
    );
  });

  it("optimises hot functions sooner than V8's own budget, and an empty setting keeps V8's", () => {
    const tuned = Number(runWithPreload(PRINT_CALLS_TO_OPTIMISE, {}, NATIVES).stdout);
    const v8Default = Number(
      runWithPreload(PRINT_CALLS_TO_OPTIMISE, { FLOWLINE_V8_INTERRUPT_BUDGET: '' }, NATIVES).stdout,
    );

    expect(tuned).toBeGreaterThan(0);
    expect(v8Default).toBeGreaterThan(tuned * 4);
  });

  it('refuses a setting that is not an integer in range, naming it', () => {
    const settings: Array<Record<string, string>> = [
      { FLOWLINE_V8_INTERRUPT_BUDGET: 'fast' },
      { FLOWLINE_V8_INTERRUPT_BUDGET: '12' },
      { FLOWLINE_V8_WORKER_NICE: '20' },
      { FLOWLINE_V8_WORKER_NICE: '-5' },
    ];
    for (const env of settings) {
      const { status, stderr } = runWithPreload('0', env);

      expect(status).not.toBe(0);
      expect(stderr).toContain(`${Object.keys(env)[0]} must be an integer`);
    }
  });
});
