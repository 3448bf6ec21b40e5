import { generatedEntityIdentifier } from './entity-identifier';

/** The body of `POST /v1/blueprints/{bp}/entities?upsert=true`; absent fields stay as they are. */
export interface EntityWriteBody {
  identifier: string;
  title?: string | null;
  icon?: string | null;
  team?: unknown;
  properties?: Record<string, unknown>;
  relations?: Record<string, unknown>;
}

/** A rendered UPSERT_ENTITY config, checked: which blueprint, and the entity write. */
export interface EntityUpsert {
  blueprint: string;
  body: EntityWriteBody;
  /** True when the mapping named no identifier and one was generated. */
  generatedIdentifier: boolean;
}

export type ParsedEntityUpsert = { ok: true; upsert: EntityUpsert } | { ok: false; problems: string[] };

/**
 * Reads the rendered config of an UPSERT_ENTITY node (reference §5.3) into a catalog write. Only the
 * shape is checked here; the catalog checks the entity against its blueprint and explains (422).
 * Numbers and booleans rendered into identifier, title or icon are written as text.
 */
export function parseEntityUpsert(
  config: Record<string, unknown>,
  node: { orgId: string; nodeRunId: string },
): ParsedEntityUpsert {
  const problems: string[] = [];
  const blueprint = config['blueprintIdentifier'];
  if (typeof blueprint !== 'string' || blueprint.trim() === '')
    problems.push(`blueprintIdentifier must be non-empty text, got ${describe(blueprint)}`);

  const mapping = config['mapping'];
  if (!isObject(mapping)) {
    problems.push(`mapping must be an object, got ${describe(mapping)}`);
    return { ok: false, problems };
  }

  const given = mapping['identifier'];
  const generatedIdentifier = given === undefined || given === null;
  const identifier = generatedIdentifier
    ? generatedEntityIdentifier(node.orgId, node.nodeRunId)
    : text(given, 'mapping.identifier', problems);
  if (identifier === '') problems.push('mapping.identifier must not be empty');

  const body: EntityWriteBody = { identifier: identifier ?? '' };
  for (const field of ['title', 'icon'] as const) {
    const value = mapping[field];
    if (value === null) body[field] = null;
    else if (value !== undefined) body[field] = text(value, `mapping.${field}`, problems);
  }
  if (mapping['team'] !== undefined) body.team = mapping['team'];
  for (const field of ['properties', 'relations'] as const) {
    const value = mapping[field];
    // A whole-value template that found nothing writes nothing.
    if (value === undefined || value === null) continue;
    if (isObject(value)) body[field] = value;
    else problems.push(`mapping.${field} must be an object, got ${describe(value)}`);
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, upsert: { blueprint: blueprint as string, body, generatedIdentifier } };
}

function text(value: unknown, path: string, problems: string[]): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  problems.push(`${path} must be text, got ${describe(value)}`);
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `text "${value.slice(0, 60)}"` : typeof value;
}
