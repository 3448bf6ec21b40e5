import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class AccessTokenRequest {
  @ApiProperty({ description: 'The client id created for the org' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  clientId!: string;

  @ApiProperty({ description: 'The client secret shown once when the client was created' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  clientSecret!: string;
}
