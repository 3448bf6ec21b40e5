import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The preload every service starts with (tools/runtime/register.js, which loads v8-worker-priority.js).
// Each case runs a short node process with it.
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

/** Child processes start at this process's nice level. */
const OWN_NICE = String(os.getPriority());

describe('the runtime preload (v8-worker-priority)', () => {
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

  it('refuses a nice level that is not an integer from 0 to 19', () => {
    for (const value of ['', 'low', '20', '-5', '2.5']) {
      const { status, stderr } = runWithPreload('0', { FLOWLINE_V8_WORKER_NICE: value });

      expect(status).not.toBe(0);
      expect(stderr).toContain('FLOWLINE_V8_WORKER_NICE must be an integer from 0 to 19');
    }
  });

  it('leaves the threads of a process writing a CPU profile alone', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowline-prof-'));
    try {
      const { stdout } = runWithPreload(PRINT_NICE, {}, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);

      expect(stdout).toMatch(new RegExp(`^main=${OWN_NICE} others=(${OWN_NICE},)*${OWN_NICE}$`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
