import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export const MAX_SECRET_VALUE_LENGTH = 64 * 1024;

export class PutSecretDto {
  @ApiProperty({ description: 'The secret value; stored encrypted, never returned by the public API' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_SECRET_VALUE_LENGTH)
  value!: string;
}
