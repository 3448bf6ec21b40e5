import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The repository root: the nearest folder above this file with an nx.json (from src/ and from dist/ alike). */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
  }
  throw new Error(`no nx.json above ${from}`);
}
const STAMP = path.join(REPO_ROOT, 'dist', '.tsbuildinfo');

/** Runs `npm run build` when a source file that goes into dist/ is newer than the last build. */
export function ensureBuilt(): void {
  if (fs.existsSync(STAMP) && newestBuiltSource() <= fs.statSync(STAMP).mtimeMs) return;
  const started = Date.now();
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(
      `npm run build failed; e2e runs the services from dist/:\n${build.stdout}${build.stderr}`,
    );
  }
  // tsc leaves its build info alone when nothing changed; touching it marks this build as current.
  const now = new Date();
  fs.utimesSync(STAMP, now, now);
  console.log(`e2e: built dist/ in ${Date.now() - started} ms`);
}

// The projects `npm run build` leaves out (it builds the console too: .tsx and .css count).
const NOT_BUILT = new Set(['apps/e2e', 'libs/testing', 'libs/testing-infra']);

/** The newest modification time of the sources tsconfig.build.json compiles. */
function newestBuiltSource(): number {
  let newest = 0;
  for (const top of ['apps', 'libs']) {
    for (const project of fs.readdirSync(path.join(REPO_ROOT, top))) {
      if (NOT_BUILT.has(`${top}/${project}`)) continue;
      const src = path.join(REPO_ROOT, top, project, 'src');
      if (fs.existsSync(src)) newest = Math.max(newest, newestIn(src));
    }
  }
  return newest;
}

function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__' && entry.name !== '__fixtures__')
        newest = Math.max(newest, newestIn(full));
    } else if (/\.(tsx?|js|css)$/.test(entry.name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)) {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}
