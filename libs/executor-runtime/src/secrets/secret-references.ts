import { findTemplates } from '@flowline/jq';

// `.secrets.NAME`, `.secrets."NAME"`, `.secrets["NAME"]` and `.secrets.["NAME"]`, each optionally with
// `?` after `secrets` (`.secrets?.NAME`). `.secrets` must start a path: `.outputs.secrets.X` and
// `$var.secrets.X` are not the org's secrets.
const SECRETS = String.raw`(?<![\w\])}"?.$])\.secrets\s*\??\s*`;
const STRING = String.raw`"((?:[^"\\]|\\.)*)"`;
const REFERENCE = new RegExp(
  [
    String.raw`${SECRETS}\.([A-Za-z_][A-Za-z0-9_]*)`,
    String.raw`${SECRETS}\.\s*${STRING}`,
    String.raw`${SECRETS}\.?\s*\[\s*${STRING}\s*\]`,
  ].join('|'),
  'g',
);

/**
 * The names of the org secrets a node config refers to, found in its `{{ }}` templates (strings and
 * object keys, at any depth), in first-seen order without duplicates.
 *
 * Only names written out in the template count: a secret reached any other way (`.secrets | keys`,
 * `.secrets[.outputs.x]`) is not fetched, so the template sees `null` and no other secret is exposed.
 */
export function findSecretReferences(config: unknown): string[] {
  const names = new Set<string>();
  visitStrings(config, (text) => {
    for (const part of findTemplates(text).parts) {
      for (const match of part.expression.matchAll(REFERENCE)) {
        const name = match[1] ?? decodeJqString(match[2] ?? match[3]);
        if (name) names.add(name);
      }
    }
  });
  return [...names];
}

function visitStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((item) => visitStrings(item, visit));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      visit(key);
      visitStrings(item, visit);
    }
  }
}

/** A jq string literal's body (JSON escapes); `\(...)` interpolation makes the name dynamic: skipped. */
function decodeJqString(body: string | undefined): string | undefined {
  if (body === undefined || body.includes('\\(')) return undefined;
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return undefined;
  }
}
