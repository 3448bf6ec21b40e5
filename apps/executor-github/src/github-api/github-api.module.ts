import { type DynamicModule, Module } from '@nestjs/common';
import { ExecutorGithubConfig } from '../executor-github.config';
import { GithubAppClient } from './github-app-client';
import { RunFinder } from './run-finder';

/** The GitHub App client, shared by the executor, the status sweeper and the webhook handler. */
@Module({})
export class GithubApiModule {
  static forRoot(config: ExecutorGithubConfig): DynamicModule {
    return {
      module: GithubApiModule,
      global: true,
      providers: [{ provide: ExecutorGithubConfig, useValue: config }, GithubAppClient, RunFinder],
      exports: [ExecutorGithubConfig, GithubAppClient, RunFinder],
    };
  }
}
