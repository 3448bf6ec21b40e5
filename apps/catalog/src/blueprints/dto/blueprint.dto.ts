import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { isJsonObject } from '../../json-values';
import { BLUEPRINT_IDENTIFIER_MAX_LENGTH, BLUEPRINT_IDENTIFIER_PATTERN } from '../blueprint.model';

/** Port's derived property kinds: accepted empty (Port clients send `{}`), refused when they define any. */
const EmptyUnsupported = () =>
  ValidateBy({
    name: 'emptyUnsupported',
    validator: {
      validate: (value: unknown) => isJsonObject(value) && Object.keys(value).length === 0,
      defaultMessage: () => '$property are not supported by the Flowline catalog; send {} or leave it out',
    },
  });

export class BlueprintSchemaDto {
  @ApiProperty({
    description: 'Property identifier → {type, format?, enum?, title?, default?, items?, minimum?, ...}',
    example: {
      language: { type: 'string', enum: ['go', 'ts'] },
      expiresAt: { type: 'string', format: 'timer' },
    },
  })
  @IsObject()
  properties!: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  required?: string[];
}

export class PatchBlueprintSchemaDto {
  @ApiPropertyOptional({ description: 'Merged key by key into the current properties' })
  @IsOptional()
  @IsObject()
  properties?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], description: 'Replaces the current list' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  required?: string[];
}

class BlueprintFieldsDto {
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  title!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  icon?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiProperty({ type: BlueprintSchemaDto })
  @IsObject()
  @ValidateNested()
  @Type(() => BlueprintSchemaDto)
  schema!: BlueprintSchemaDto;

  @ApiPropertyOptional({
    description: 'Relation identifier → {title?, target, many?, required?}',
    example: { owner: { title: 'Owner', target: 'team', many: false, required: false } },
  })
  @IsOptional()
  @IsObject()
  relations?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Not supported: only {} is accepted' })
  @IsOptional()
  @EmptyUnsupported()
  mirrorProperties?: Record<string, never>;

  @ApiPropertyOptional({ description: 'Not supported: only {} is accepted' })
  @IsOptional()
  @EmptyUnsupported()
  calculationProperties?: Record<string, never>;

  @ApiPropertyOptional({ description: 'Not supported: only {} is accepted' })
  @IsOptional()
  @EmptyUnsupported()
  aggregationProperties?: Record<string, never>;
}

export class CreateBlueprintDto extends BlueprintFieldsDto {
  @ApiProperty({ maxLength: BLUEPRINT_IDENTIFIER_MAX_LENGTH, example: 'service' })
  @IsString()
  @MaxLength(BLUEPRINT_IDENTIFIER_MAX_LENGTH)
  @Matches(BLUEPRINT_IDENTIFIER_PATTERN, { message: 'identifier uses letters, digits and @ _ = -' })
  identifier!: string;
}

/** PUT: the whole blueprint; `identifier`, when sent, must be the one in the path. */
export class ReplaceBlueprintDto extends BlueprintFieldsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  identifier?: string;
}

/** PATCH: only what is sent changes; schema properties and relations are merged key by key. */
export class PatchBlueprintDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  identifier?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  title?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  icon?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ type: PatchBlueprintSchemaDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PatchBlueprintSchemaDto)
  schema?: PatchBlueprintSchemaDto;

  @ApiPropertyOptional({ description: 'Merged key by key; a relation set to null is removed' })
  @IsOptional()
  @IsObject()
  relations?: Record<string, unknown>;
}
