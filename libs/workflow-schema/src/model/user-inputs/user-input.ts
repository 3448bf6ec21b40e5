import {
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type, plainToInstance } from 'class-transformer';
import { isJsonObject } from '../../json';
import { MayBeOmitted } from '../simple-validator';
import { EntityDataset } from './dataset';
import { BooleanInput, INPUT_TYPES, InputBase, NumberInput, ObjectInput, StringInput } from './input-base';

export class ArrayInput extends InputBase {
  @Equals('array')
  type!: 'array';

  /** What each element must be: a string (any format), number, boolean or object input. */
  @MayBeOmitted()
  @ValidateNested()
  @Type((options) => inputClassFor(options?.object?.[options.property]))
  @IsObject()
  items?: UserInput;

  @MayBeOmitted()
  @Min(0)
  @IsInt()
  minItems?: number;

  @MayBeOmitted()
  @Min(0)
  @IsInt()
  maxItems?: number;

  @MayBeOmitted()
  @IsBoolean()
  uniqueItems?: boolean;

  /** For arrays, the values each element may take (a multi-select), not whole-array values. */
  @MayBeOmitted()
  @ArrayUnique()
  @IsArray()
  enum?: unknown[];

  @MayBeOmitted()
  @ValidateNested()
  @Type(() => EntityDataset)
  @IsObject()
  dataset?: EntityDataset;
}

/** Stands in for an input whose `type` is missing or unknown, so that is the one problem reported. */
export class UnrecognisedInput {
  @IsIn(INPUT_TYPES, { message: `$property must be one of ${INPUT_TYPES.join(', ')}` })
  type!: string;
}

export type UserInput = StringInput | NumberInput | BooleanInput | ArrayInput | ObjectInput;

export const INPUT_CLASSES = {
  string: StringInput,
  number: NumberInput,
  boolean: BooleanInput,
  array: ArrayInput,
  object: ObjectInput,
};

/**
 * The class for one input, chosen by its `type`. A function rather than class-transformer's
 * `discriminator` option: that option indexes into every array element and crashes on `[null]`.
 */
export function inputClassFor(value: unknown): new () => object {
  const type = isJsonObject(value) ? value.type : undefined;
  return typeof type === 'string' && type in INPUT_CLASSES
    ? INPUT_CLASSES[type as keyof typeof INPUT_CLASSES]
    : UnrecognisedInput;
}

/**
 * A `{ key: input }` map as a Map of class instances: class-validator descends into Map values (and
 * names each error by its key) but not into plain-object values.
 */
export function toInputMap(value: unknown): unknown {
  if (!isJsonObject(value)) return value;
  return new Map(
    Object.entries(value).map(([key, input]) => [
      key,
      isJsonObject(input) ? plainToInstance(inputClassFor(input), input) : input,
    ]),
  );
}
