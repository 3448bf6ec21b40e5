import {
  ArrayNotEmpty,
  Equals,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { IsIdentifier } from '../identifier';
import { MayBeOmitted } from '../simple-validator';

/** One branch of a CONDITION: taken when its bare-JQ `expression` is the first to be true. */
export class ConditionOption {
  @IsIdentifier()
  identifier!: string;

  @IsOptional()
  @IsString()
  title?: string | null;

  @IsNotEmpty()
  @IsString()
  expression!: string;

  /** [L] outlets may carry a label shown on the run. */
  @MayBeOmitted()
  @IsString()
  statusLabel?: string;
}

/**
 * Picks the first option whose expression is true, else the `fallback` edge, else ends the branch
 * (reference §6). Evaluated by the orchestrator, not an executor.
 */
export class ConditionConfig {
  @Equals('CONDITION')
  type!: 'CONDITION';

  @ValidateNested({ each: true })
  @Type(() => ConditionOption)
  @ArrayNotEmpty()
  @IsArray()
  options!: ConditionOption[];
}
