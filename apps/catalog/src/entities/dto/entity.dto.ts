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

  /** Port's clients name the blueprint in the body too; it must be the one in the path. */
  @ApiPropertyOptional({ description: 'The blueprint of the path (Port clients send it); another is a 422' })
  @IsOptional()
  @IsString()
  blueprint?: string;

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

/** `?run_id=`, accepted by every entity write (Port ties the write to an action run with it). */
export class EntityRunQueryDto {
  @ApiPropertyOptional({ description: 'The action run (r_…) this write belongs to; the run records it' })
  @IsOptional()
  @Matches(/^r_[A-Za-z0-9]{16}$/, {
    message: 'run_id must be an action run id (r_ and 16 letters or digits)',
  })
  run_id?: string;
}

export class EntityWriteQueryDto extends EntityRunQueryDto {
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

  /**
   * Sent by Port's clients. Accepted; Flowline never creates related entities on the fly, so a relation
   * to an entity that does not exist is still refused.
   */
  @ApiPropertyOptional({ description: 'Accepted; related entities must exist either way' })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  create_missing_related_entities?: boolean;

  /** Check the entity against its blueprint and answer it as it would be, without writing it. */
  @ApiPropertyOptional({ description: 'Only validate: answer the entity as it would be, write nothing' })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  validation_only?: boolean;
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

const asList = ({ value }: { value: unknown }) =>
  value === undefined
    ? undefined
    : (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));

/** Port's `include` / `exclude` query of entity searches (see projectEntity). */
export class EntitySearchQueryDto {
  @ApiPropertyOptional({ type: [String], description: 'Fields to answer with, e.g. title, properties.x' })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @IsString({ each: true })
  include?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Fields to leave out, e.g. relations' })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @IsString({ each: true })
  exclude?: string[];
}
