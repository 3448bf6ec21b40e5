import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/** Reference §10: what a rule can look at. */
export const PERMISSION_CONTEXTS = ['user', 'userTeams', 'form'] as const;
/** Reference §10: `empty`/`notEmpty` take no value; the others do. */
export const PERMISSION_OPERATORS = [
  'empty',
  'notEmpty',
  '=',
  '!=',
  '>',
  '<',
  '>=',
  '<=',
  'in',
  'notIn',
] as const;
const VALUELESS_OPERATORS: readonly string[] = ['empty', 'notEmpty'];

const MAX_RULES = 100;

/** A rule's value: a literal, a flat array of literals (`in`/`notIn`), or another `{ context, property }`. */
function IsPermissionValue(): PropertyDecorator {
  const isLiteral = (item: unknown) => item === null || ['string', 'number', 'boolean'].includes(typeof item);
  return ValidateBy({
    name: 'isPermissionValue',
    validator: {
      validate: (value: unknown) =>
        isLiteral(value) ||
        (Array.isArray(value) && value.every(isLiteral)) ||
        (typeof value === 'object' && !Array.isArray(value)),
      defaultMessage: () =>
        'value must be a literal, an array of literals (no nested arrays or objects), or { context, property }',
    },
  });
}
const MAX_NAMES = 1000;

export class PermissionProperty {
  @ApiProperty({ enum: PERMISSION_CONTEXTS })
  @IsIn(PERMISSION_CONTEXTS)
  context!: (typeof PERMISSION_CONTEXTS)[number];

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  property!: string;
}

export class PermissionRule {
  @ApiProperty({ type: PermissionProperty })
  @ValidateNested()
  @Type(() => PermissionProperty)
  @IsObject()
  property!: PermissionProperty;

  @ApiProperty({ enum: PERMISSION_OPERATORS })
  @IsIn(PERMISSION_OPERATORS)
  operator!: (typeof PERMISSION_OPERATORS)[number];

  @ApiPropertyOptional({ description: 'A literal, an array, or another { context, property }' })
  @ValidateIf((rule: PermissionRule) => !VALUELESS_OPERATORS.includes(rule.operator))
  @IsDefined({ message: 'value is required for this operator' })
  @IsPermissionValue()
  value?: unknown;
}

/**
 * Execution permissions of a SELF_SERVE_TRIGGER node, in every shape Port has used: the API's
 * `{ combinator, rules }` [A], the draft's `{ policy }` [E], and the later `{ roles, users, teams, policy }`
 * [L]. Stored and returned as given; enforcement is the triggers service's job, later.
 */
export class NodePermissionsDto {
  @ApiPropertyOptional({ enum: ['and', 'or'] })
  @IsOptional()
  @IsIn(['and', 'or'])
  combinator?: 'and' | 'or';

  @ApiPropertyOptional({ type: [PermissionRule] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_RULES)
  @IsObject({
    each: true,
    message: 'each rule must be an object { property, operator, value }, not an array',
  })
  @ValidateNested({ each: true })
  @Type(() => PermissionRule)
  rules?: PermissionRule[];

  @ApiPropertyOptional({ type: [String], description: 'Roles allowed to run the node [L]' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_NAMES)
  @IsString({ each: true })
  roles?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Users (emails) allowed to run the node [L]' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_NAMES)
  @IsString({ each: true })
  users?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Teams allowed to run the node [L]' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_NAMES)
  @IsString({ each: true })
  teams?: string[];

  @ApiPropertyOptional({ description: 'A dynamic policy, e.g. { queries, conditions } [E][L]' })
  @IsOptional()
  @IsObject()
  policy?: Record<string, unknown>;
}
