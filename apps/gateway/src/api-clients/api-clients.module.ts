import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessTokenController } from './access-token.controller';
import { ApiClient } from './api-client.entity';
import { ApiClientsRepository } from './api-clients.repository';
import { IssueAccessToken } from './issue-access-token';
import { RegisterApiClient } from './register-api-client';

@Module({
  imports: [TypeOrmModule.forFeature([ApiClient])],
  controllers: [AccessTokenController],
  providers: [ApiClientsRepository, IssueAccessToken, RegisterApiClient],
  exports: [RegisterApiClient],
})
export class ApiClientsModule {}
