import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { Public } from '@flowline/nest-auth';
import { type RawBodyRequest } from '../http/raw-body';
import { ReceiveWorkflowRun } from './receive-workflow-run';

/** Where GitHub delivers the App's webhooks; authenticated by their signature, not by a Flowline token. */
@Controller('webhooks')
export class GithubWebhooksController {
  constructor(private readonly receiveWorkflowRun: ReceiveWorkflowRun) {}

  @Public()
  @Post('github')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  async receive(
    @Req() request: RawBodyRequest,
    @Headers('x-github-event') event?: string,
    @Headers('x-github-delivery') deliveryId?: string,
    @Headers('x-hub-signature-256') signature?: string,
    @Headers('content-type') contentType?: string,
  ) {
    const receipt = await this.receiveWorkflowRun.execute({
      event,
      deliveryId,
      signature,
      contentType,
      rawBody: request.rawBody,
    });
    return { ok: true, ...receipt };
  }
}
