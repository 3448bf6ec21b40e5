import { randomUUID } from 'node:crypto';

export type OctokitAppModule = typeof import('@octokit/app');

/**
 * `@octokit/app` is an ES module whose package exports only an `import` entry, so CommonJS `require`
 * (what TypeScript emits for `import` and even for `import()` under `"module": "commonjs"`) cannot load
 * it. A real dynamic import can: the Function constructor keeps `import()` out of TypeScript's rewrite.
 *
 * Jest runs this with `--experimental-vm-modules` (the int-test target sets it). There, V8 reuses a
 * function compiled from the same source in an earlier test file, together with that file's (torn down)
 * module loader: a unique comment gives each load a source of its own. It costs nothing at run time,
 * where this runs once.
 */
export async function loadOctokitApp(): Promise<OctokitAppModule> {
  const importModule = new Function('specifier', `return import(specifier); // ${randomUUID()}`) as (
    specifier: string,
  ) => Promise<unknown>;
  return (await importModule('@octokit/app')) as OctokitAppModule;
}
