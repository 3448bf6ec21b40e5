import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@flowline/nest-auth';
import { AccessTokenRequest } from './dto/access-token-request.dto';
import { AccessTokenResponse } from './dto/access-token-response.dto';
import { IssueAccessToken } from './issue-access-token';

@ApiTags('auth')
@Controller('v1/auth')
export class AccessTokenController {
  constructor(private readonly issueAccessToken: IssueAccessToken) {}

  @Public()
  @Post('access_token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange client credentials for an access token' })
  @ApiOkResponse({ type: AccessTokenResponse })
  @ApiUnauthorizedResponse({ description: 'Unknown client id or wrong secret (not told apart)' })
  issue(@Body() body: AccessTokenRequest): Promise<AccessTokenResponse> {
    return this.issueAccessToken.execute(body);
  }
}
