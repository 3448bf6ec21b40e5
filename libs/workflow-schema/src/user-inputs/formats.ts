import { parseDocument } from 'yaml';
import { isJsonObject } from '../json';

/**
 * Value checks for input formats (reference §3). Each returns undefined when the value fits, else
 * what it should have been, phrased to follow "must be ...".
 */
export type FormatCheck = (value: unknown) => string | undefined;

// Deliberately loose: one @, no spaces, a dot in the domain. Deliverability is the mail server's call.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// RFC 3339 / ISO 8601 date-time with a zone; seconds and fractions optional.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;
const URL_WITH_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

export function isEmail(value: unknown): boolean {
  return typeof value === 'string' && EMAIL.test(value);
}

export function isUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !URL_WITH_SCHEME.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

export function isDateTime(value: unknown): boolean {
  return (
    typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T')))
  );
}

export function isYaml(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return parseDocument(value).errors.length === 0;
  } catch {
    return false;
  }
}

const nonEmptyString = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/** String formats. `none`, `multi-line`, `markdown` and `proto` take any string. */
export const STRING_FORMAT_CHECKS: Record<string, FormatCheck> = {
  email: (v) => (isEmail(v) ? undefined : 'a valid email address'),
  url: (v) => (isUrl(v) ? undefined : 'a valid URL with a scheme, e.g. https://example.com'),
  'date-time': (v) =>
    isDateTime(v) ? undefined : 'an ISO-8601 date-time with a time zone, e.g. 2026-01-28T10:00:00Z',
  yaml: (v) => (isYaml(v) ? undefined : 'valid YAML'),
  // Entities arrive as identifiers from the beta UI and as entity objects from classic actions; both
  // are stored as sent (reference §3).
  entity: (v) =>
    nonEmptyString(v) || (isJsonObject(v) && nonEmptyString(v.identifier))
      ? undefined
      : 'an entity identifier or an entity object with an identifier',
  user: (v) => (isEmail(v) ? undefined : "a user's email address"),
  team: (v) => (nonEmptyString(v) ? undefined : 'a team name'),
};

/** `format: "labeled-url"` objects: `{ url, displayText? }` and nothing else. */
export function checkLabeledUrl(value: Record<string, unknown>): string | undefined {
  if (!isUrl(value.url)) return 'an object with a valid "url"';
  if (value.displayText !== undefined && typeof value.displayText !== 'string')
    return 'an object whose "displayText" is a string';
  const extra = Object.keys(value).filter((key) => key !== 'url' && key !== 'displayText');
  if (extra.length > 0) return `an object with only "url" and "displayText" (not ${extra.join(', ')})`;
  return undefined;
}
