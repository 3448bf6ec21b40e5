import { IsArray, IsObject, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { Transform, Type, plainToInstance } from 'class-transformer';
import { isJsonObject } from '../../json';
import { IsBooleanOrJqQuery, IsStringListOrJqQuery, JqQuery } from '../jq-query';
import { MayBeOmitted } from '../simple-validator';
import { UserInput, toInputMap } from './user-input';

/** A section header shown above some inputs (`userInputs.titles`). */
export class FormSection {
  @Length(1, 140)
  @IsString()
  title!: string;

  @IsOptional()
  @MaxLength(1000)
  @IsString()
  description?: string | null;

  @MayBeOmitted()
  @IsBooleanOrJqQuery()
  visible?: boolean | JqQuery;
}

/** One page of a multi-step form. Accepted and stored; the beta renders a single page (reference §3). */
export class FormStep {
  @MaxLength(25)
  @IsString()
  title!: string;

  @IsString({ each: true })
  @IsArray()
  order!: string[];

  @MayBeOmitted()
  @IsBooleanOrJqQuery()
  visible?: boolean | JqQuery;
}

/** The form of a self-service trigger. */
export class UserInputs {
  @ValidateNested({ each: true })
  @Transform(({ value }) => toInputMap(value))
  @IsObject({ message: 'properties must be an object of inputs' })
  properties!: Record<string, UserInput>;

  @MayBeOmitted()
  @IsStringListOrJqQuery()
  required?: string[] | JqQuery;

  @MayBeOmitted()
  @IsString({ each: true })
  @IsArray()
  order?: string[];

  @MayBeOmitted()
  @ValidateNested({ each: true })
  @Transform(({ value }) => toSectionMap(value))
  @IsObject({ message: 'titles must be an object of sections' })
  titles?: Record<string, FormSection>;

  @MayBeOmitted()
  @ValidateNested({ each: true })
  @Type(() => FormStep)
  @IsArray()
  steps?: FormStep[];
}

function toSectionMap(value: unknown): unknown {
  if (!isJsonObject(value)) return value;
  return new Map(
    Object.entries(value).map(([key, section]) => [
      key,
      isJsonObject(section) ? plainToInstance(FormSection, section) : section,
    ]),
  );
}
