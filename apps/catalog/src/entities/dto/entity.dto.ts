import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  Allow,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';

export const ENTITY_IDENTIFIER_PATTERN = /^[A-Za-z0-9@_.+:\\/=-]+$/;
export const ENTITY_IDENTIFIER_MAX_LENGTH = 1000;

/** An entity write (create, upsert, patch). Absent fields are left as they were; see the endpoints. */
export class EntityWriteDto {
  @ApiPropertyOptional({ description: 'Generated when left out', maxLength: ENTITY_IDENTIFIER_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(ENTITY_IDENTIFIER_MAX_LENGTH)
  @Matches(ENTITY_IDENTIFIER_PATTERN, { message: 'identifier uses letters, digits and @ _ . + : / = -' })
  identifier?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  title?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  icon?: string | null;

  @ApiPropertyOptional({
    description: 'A team name or a list of team names',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  @Allow() // a name or a list of names; checked with the rest of the entity (path `team`)
  team?: unknown;

  @ApiPropertyOptional({ description: 'Property identifier → value, checked against the blueprint' })
  @IsOptional()
  @IsObject()
  properties?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Relation identifier → entity identifier, a list of them, or null' })
  @IsOptional()
  @IsObject()
  relations?: Record<string, unknown>;
}

const asBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class EntityWriteQueryDto {
  @ApiPropertyOptional({ description: 'Update the entity if it exists instead of answering 409' })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  upsert?: boolean;

  @ApiPropertyOptional({
    description:
      'With upsert: true (default) changes only the supplied fields, merging properties and relations key by key; false replaces the entity',
  })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  merge?: boolean;
}

export class EntitySearchDto {
  @ApiProperty({ enum: ['and', 'or'] })
  @IsIn(['and', 'or'])
  combinator!: 'and' | 'or';

  @ApiProperty({
    description:
      'Rules {property, operator (=, !=, in, contains, exists), value} on identifier, title, team, properties.<x> or relations.<x>, or nested groups {combinator, rules}',
    example: [{ property: 'properties.language', operator: '=', value: 'go' }],
  })
  @IsArray() // each rule is checked by parseEntityQuery, which reports its path
  rules!: unknown[];
}
