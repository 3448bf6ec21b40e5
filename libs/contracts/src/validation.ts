import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export interface FieldProblem {
  /** Dotted path of the bad field, e.g. `node.config.url` or `items[2].id`. */
  path: string;
  message: string;
}

export type MessageValidation<T> = { ok: true; message: T } | { ok: false; problems: FieldProblem[] };

/**
 * Validates a decoded message against its class. Anything that is not a JSON object is refused before
 * class-validator sees it, so a consumer can hand over whatever it read.
 */
export function validateMessage<T extends object>(
  type: ClassConstructor<T>,
  raw: unknown,
): MessageValidation<T> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, problems: [{ path: '', message: `expected a JSON object, got ${describe(raw)}` }] };
  }
  const message = plainToInstance(type, raw);
  const errors = validateSync(message, { forbidUnknownValues: true });
  if (errors.length === 0) return { ok: true, message };
  return { ok: false, problems: flattenValidationErrors(errors) };
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const path = joinPath(parent, error.property);
    for (const message of Object.values(error.constraints ?? {})) problems.push({ path, message });
    if (error.children?.length) problems.push(...flattenValidationErrors(error.children, path));
  }
  return problems;
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return value.length > 40 ? `text "${value.slice(0, 40)}…"` : `text "${value}"`;
  return typeof value;
}
