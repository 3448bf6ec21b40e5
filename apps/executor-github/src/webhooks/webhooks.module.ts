import { Module } from '@nestjs/common';
import { RunTrackingModule } from '../run-tracking/run-tracking.module';
import { GithubWebhooksController } from './github-webhooks.controller';
import { ReceiveWorkflowRun } from './receive-workflow-run';

@Module({
  imports: [RunTrackingModule],
  controllers: [GithubWebhooksController],
  providers: [ReceiveWorkflowRun],
})
export class WebhooksModule {}
