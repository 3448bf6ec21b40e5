import { ApiProperty } from '@nestjs/swagger';

/** Port's token response shape. */
export class AccessTokenResponse {
  @ApiProperty({ enum: [true] })
  ok!: true;

  @ApiProperty({ description: 'A bearer JWT naming the org, the client (actor) and its roles' })
  accessToken!: string;

  @ApiProperty({ description: 'Lifetime of the token, seconds' })
  expiresIn!: number;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';
}
