import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every JSON fixture in this folder by file name; `reference-*` are the reference document's examples. */
export function loadFixtures(prefix = ''): Array<[string, unknown]> {
  return readdirSync(__dirname)
    .filter((name) => name.endsWith('.json') && name.startsWith(prefix))
    .sort()
    .map((name) => [name, JSON.parse(readFileSync(join(__dirname, name), 'utf8')) as unknown]);
}
