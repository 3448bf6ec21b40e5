import {
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { JqQuery, IsBooleanOrJqQuery, IsLiteralOrJqQuery } from '../jq-query';
import { IsBooleanOrObject, IsJsonObjectValue, IsStringRecord } from '../json-values';
import { MayBeOmitted } from '../simple-validator';
import { EntityDataset, EntitySort } from './dataset';

// One class per input `type` (reference §3 "Input variants"). Formats refine a type; a format's extra
// fields (e.g. `blueprint` for entities) are checked when that format is chosen.

export const INPUT_TYPES = ['string', 'number', 'boolean', 'array', 'object'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

export const STRING_FORMATS = [
  'none',
  'multi-line',
  'entity',
  'user',
  'team',
  'date-time',
  'email',
  'url',
  'yaml',
  'markdown',
  'proto',
] as const;
export type StringFormat = (typeof STRING_FORMATS)[number];

export const OBJECT_FORMATS = ['none', 'labeled-url'] as const;
export type ObjectFormat = (typeof OBJECT_FORMATS)[number];

/** `encryption: "aes256-gcm"` marks a secret input: sealed on submission, opened only by executors. */
export const INPUT_ENCRYPTIONS = ['none', 'aes256-gcm'] as const;

/** Fields every input has, whatever its type. */
export abstract class InputBase {
  @MayBeOmitted()
  @MaxLength(140)
  @IsString()
  title?: string;

  @IsOptional()
  @MaxLength(1000)
  @IsString()
  description?: string | null;

  @IsOptional()
  @IsString()
  icon?: string | null;

  /** A literal, or `{ jqQuery }` evaluated against the form (see validateUserInputs). */
  @MayBeOmitted()
  @IsLiteralOrJqQuery()
  default?: unknown;

  /** Keys of inputs whose values this one's `default`, `visible` or `dataset` read. */
  @MayBeOmitted()
  @IsString({ each: true })
  @IsArray()
  dependsOn?: string[];

  @MayBeOmitted()
  @IsBoolean()
  readOnly?: boolean;

  @MayBeOmitted()
  @IsBooleanOrJqQuery()
  visible?: boolean | JqQuery;
}

export class StringInput extends InputBase {
  @Equals('string')
  type!: 'string';

  @MayBeOmitted()
  @IsIn(STRING_FORMATS, { message: `$property must be one of ${STRING_FORMATS.join(', ')}` })
  format?: StringFormat;

  @MayBeOmitted()
  @IsString({ each: true })
  @IsArray()
  enum?: string[];

  @MayBeOmitted()
  @IsStringRecord()
  enumColors?: Record<string, string>;

  @MayBeOmitted()
  @IsIn(INPUT_ENCRYPTIONS)
  encryption?: (typeof INPUT_ENCRYPTIONS)[number];

  /** Required for `format: "entity"`: the blueprint whose entities the input picks from. */
  @ValidateIf((input: StringInput) => input.format === 'entity' || input.blueprint !== undefined)
  @IsNotEmpty({ message: 'blueprint is required when format is "entity"' })
  @IsString({ message: 'blueprint is required when format is "entity"' })
  blueprint?: string;

  @MayBeOmitted()
  @ValidateNested()
  @Type(() => EntityDataset)
  @IsObject()
  dataset?: EntityDataset;

  @MayBeOmitted()
  @ValidateNested()
  @Type(() => EntitySort)
  @IsObject()
  sort?: EntitySort;

  // Not in the reference's table, but part of Port's classic string inputs; kept so those forms port.
  @MayBeOmitted()
  @Min(0)
  @IsInt()
  minLength?: number;

  @MayBeOmitted()
  @Min(0)
  @IsInt()
  maxLength?: number;

  @MayBeOmitted()
  @IsString()
  pattern?: string;
}

export class NumberInput extends InputBase {
  @Equals('number')
  type!: 'number';

  @MayBeOmitted()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  @IsArray()
  enum?: number[];

  @MayBeOmitted()
  @IsStringRecord()
  enumColors?: Record<string, string>;

  @MayBeOmitted()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  minimum?: number;

  @MayBeOmitted()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  maximum?: number;

  @MayBeOmitted()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  exclusiveMinimum?: number;

  @MayBeOmitted()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  exclusiveMaximum?: number;
}

export class BooleanInput extends InputBase {
  @Equals('boolean')
  type!: 'boolean';
}

/**
 * `format: "none"` is a JSON object checked against a JSON-Schema subset (`properties`, `required`,
 * `additionalProperties`, `patternProperties`); `labeled-url` is `{ url, displayText? }`.
 */
export class ObjectInput extends InputBase {
  @Equals('object')
  type!: 'object';

  @MayBeOmitted()
  @IsIn(OBJECT_FORMATS, { message: `$property must be one of ${OBJECT_FORMATS.join(', ')}` })
  format?: ObjectFormat;

  @MayBeOmitted()
  @IsJsonObjectValue()
  properties?: Record<string, unknown>;

  @MayBeOmitted()
  @ArrayUnique()
  @IsString({ each: true })
  @IsArray()
  required?: string[];

  @MayBeOmitted()
  @IsBooleanOrObject()
  additionalProperties?: boolean | Record<string, unknown>;

  @MayBeOmitted()
  @IsJsonObjectValue()
  patternProperties?: Record<string, unknown>;

  @MayBeOmitted()
  @IsArray()
  enum?: unknown[];
}
