import { Equals, IsNotEmpty, IsString } from 'class-validator';
import { IsBooleanOrString, IsJsonObjectValue, IsObjectOrArray, MaxKeys } from '../json-values';
import { MayBeOmitted } from '../simple-validator';
import { MAX_GITHUB_DISPATCH_INPUTS } from './integration-action';

// The classic invocation backends, present only in the reference's API schema (§5.5). Accepted and
// treated as asynchronous: a worker completes them by PATCHing the node run.

export class GithubConfig {
  @Equals('GITHUB')
  type!: 'GITHUB';

  @IsNotEmpty()
  @IsString()
  org!: string;

  @IsNotEmpty()
  @IsString()
  repo!: string;

  @IsNotEmpty()
  @IsString()
  workflow!: string;

  @MayBeOmitted()
  @MaxKeys(MAX_GITHUB_DISPATCH_INPUTS)
  @IsJsonObjectValue()
  workflowInputs?: Record<string, unknown>;

  @MayBeOmitted()
  @IsBooleanOrString()
  reportWorkflowStatus?: boolean | string;
}

export class GitlabConfig {
  @Equals('GITLAB')
  type!: 'GITLAB';

  @IsNotEmpty()
  @IsString()
  projectName!: string;

  @IsNotEmpty()
  @IsString()
  groupName!: string;

  @MayBeOmitted()
  @IsString()
  defaultRef?: string;

  @MayBeOmitted()
  @IsJsonObjectValue()
  pipelineVariables?: Record<string, unknown>;
}

export class AzureDevopsConfig {
  @Equals('AZURE_DEVOPS')
  type!: 'AZURE_DEVOPS';

  @IsNotEmpty()
  @IsString()
  webhook!: string;

  @IsNotEmpty()
  @IsString()
  org!: string;

  @MayBeOmitted()
  @IsObjectOrArray()
  payload?: Record<string, unknown> | unknown[];
}
