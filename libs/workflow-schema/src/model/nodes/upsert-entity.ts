import { Equals, IsNotEmpty, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { IsJsonObjectValue, IsRelationRecord, IsStringOrStringList } from '../json-values';
import { MayBeOmitted } from '../simple-validator';

/** Which entity fields to write; every value may be a template (reference §5.3). */
export class EntityMapping {
  /** Generated when missing. */
  @MayBeOmitted()
  @IsString()
  identifier?: string;

  @IsOptional()
  @IsString()
  title?: string | null;

  @MayBeOmitted()
  @IsStringOrStringList()
  team?: string | string[];

  @IsOptional()
  @IsString()
  icon?: string | null;

  @MayBeOmitted()
  @IsJsonObjectValue()
  properties?: Record<string, unknown>;

  @MayBeOmitted()
  @IsRelationRecord()
  relations?: Record<string, string | string[] | null>;
}

/** Creates the entity, or updates only the mapped fields when it exists. */
export class UpsertEntityConfig {
  @Equals('UPSERT_ENTITY')
  type!: 'UPSERT_ENTITY';

  /** Templatable, e.g. `{{ .outputs.trigger.diff.after.blueprint }}`. */
  @IsNotEmpty()
  @IsString()
  blueprintIdentifier!: string;

  @ValidateNested()
  @Type(() => EntityMapping)
  @IsObject()
  mapping!: EntityMapping;
}
