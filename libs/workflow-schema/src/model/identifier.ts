import { ValidationOptions, registerDecorator } from 'class-validator';

/** Workflow, node, connection and option identifiers (reference §2: max 60, `^[\p{L}0-9@_:-]+$`). */
export const IDENTIFIER_MAX_LENGTH = 60;
export const IDENTIFIER_PATTERN = /^[\p{L}0-9@_:-]+$/u;
/** The same pattern as JSON Schema text (ECMA-262 with the `u` flag). */
export const IDENTIFIER_PATTERN_SOURCE = IDENTIFIER_PATTERN.source;

export const IS_IDENTIFIER = 'isIdentifier';

export function isIdentifier(value: unknown): value is string {
  return typeof value === 'string' && value.length <= IDENTIFIER_MAX_LENGTH && IDENTIFIER_PATTERN.test(value);
}

export function IsIdentifier(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: IS_IDENTIFIER,
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args) =>
          `${args.property} must be 1-${IDENTIFIER_MAX_LENGTH} characters of letters, digits, @, _, : or -`,
        ...options,
      },
      validator: { validate: (value: unknown) => isIdentifier(value) },
    });
}
