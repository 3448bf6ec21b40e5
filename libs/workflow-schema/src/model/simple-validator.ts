import { ValidateIf, ValidationOptions, registerDecorator } from 'class-validator';

/**
 * A named one-property check. The name is what the JSON Schema generator keys its converter on, so
 * each check has one definition for both validation and schema (see json-schema.ts).
 */
export function simpleValidator(
  name: string,
  validate: (value: unknown) => boolean,
  message: string,
  options?: ValidationOptions,
  constraints: unknown[] = [],
): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      constraints,
      options: { message: `$property ${message}`, ...options },
      validator: { validate },
    });
}

/**
 * Optional but, when present, not null: class-validator's IsOptional also lets `null` through, which
 * the reference allows only for the nullable display fields (title, icon, description).
 */
export const MayBeOmitted = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
