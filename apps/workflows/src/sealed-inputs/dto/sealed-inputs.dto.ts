import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, MaxLength } from 'class-validator';
import { MAX_SECRET_VALUE_LENGTH } from '../../secrets/dto/put-secret.dto';

/** A submission's secret inputs are few; each is at most a secret's size. */
const MAX_VALUES = 100;

export class SealInputsDto {
  @ApiProperty({ type: [String], description: 'Plaintext values, sealed in order' })
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  @IsString({ each: true })
  @MaxLength(MAX_SECRET_VALUE_LENGTH, { each: true })
  values!: string[];
}

export class OpenInputsDto {
  @ApiProperty({ type: [String], description: 'Sealed values (`flowline:sealed:v1:…`), opened in order' })
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  @IsString({ each: true })
  @MaxLength(2 * MAX_SECRET_VALUE_LENGTH, { each: true })
  sealed!: string[];
}
