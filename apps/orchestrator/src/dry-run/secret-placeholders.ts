import type { JsonObject } from '../engine/run-state';

// `.secrets.name`, `.secrets["name"]` and `.secrets['name']` inside a template (JSON-escaped quotes too).
const SECRET_REFERENCE = /\.secrets(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\\?["']([^"'\\]+)\\?["']\])/g;

/**
 * The `secrets` a dry-run renders with: every secret a config names, standing for itself as
 * `[secret:<name>]`. The orchestrator never holds secret values, so a dry-run can only show names.
 */
export function secretPlaceholders(config: JsonObject): Record<string, string> {
  const placeholders: Record<string, string> = {};
  for (const match of JSON.stringify(config).matchAll(SECRET_REFERENCE)) {
    const name = match[1] ?? match[2];
    placeholders[name] = `[secret:${name}]`;
  }
  return placeholders;
}
