import { Equals, IsIn, IsNotEmpty, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { isJsonObject } from '../../json';
import { OpenObject } from '../open-object';
import { MayBeOmitted } from '../simple-validator';
import { IsBooleanOrString, IsJsonObjectValue, MaxKeys } from '../json-values';

export const INTEGRATION_PROVIDERS = ['GITHUB', 'GITLAB', 'AZURE_DEVOPS'] as const;
export type IntegrationProvider = (typeof INTEGRATION_PROVIDERS)[number];
export const INTEGRATION_INVOCATION_TYPES = ['CREATE', 'UPDATE', 'DELETE'] as const;
export type IntegrationInvocationType = (typeof INTEGRATION_INVOCATION_TYPES)[number];

/** GitHub allows at most 10 `workflow_dispatch` inputs (reference §5.4). */
export const MAX_GITHUB_DISPATCH_INPUTS = 10;

/**
 * A GitHub `workflow_dispatch`, in one spelling for both the INTEGRATION_ACTION and the GITHUB node:
 * the classic backend's `{ org, repo, workflow, workflowInputs, reportWorkflowStatus }`. The beta's
 * `{ repo: "owner/repo", workflowId, inputs, reportStatus }` is normalised into it; `org` stays empty
 * only when the owner cannot be split off `repo` before run time (a template in the owner part).
 */
export class GithubDispatch {
  @MayBeOmitted()
  @IsNotEmpty()
  @IsString()
  org?: string;

  /** `name`, or `owner/name` when `org` is absent. */
  @IsNotEmpty()
  @IsString()
  repo!: string;

  /** The workflow file name or id. */
  @IsNotEmpty()
  @IsString()
  workflow!: string;

  /** Values must end up as strings at dispatch time (`| tostring`). */
  @MayBeOmitted()
  @MaxKeys(MAX_GITHUB_DISPATCH_INPUTS)
  @IsJsonObjectValue()
  workflowInputs?: Record<string, unknown>;

  /** Default true: the run follows the GitHub run's result. A string may be a template. */
  @MayBeOmitted()
  @IsBooleanOrString()
  reportWorkflowStatus?: boolean | string;
}

/**
 * Work done by an installed integration's worker, which claims the node run (reference §5.4, §9.4).
 * Only GitHub's execution properties are documented; other providers' are stored as given.
 * Normalisation fills provider GITHUB and invocation type CREATE when omitted (the beta's only
 * integration), and maps the later `github-ocean` / `dispatch_workflow` onto them.
 */
export class IntegrationActionConfig {
  @Equals('INTEGRATION_ACTION')
  type!: 'INTEGRATION_ACTION';

  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  installationId!: string;

  @IsIn(INTEGRATION_PROVIDERS, { message: `$property must be one of ${INTEGRATION_PROVIDERS.join(', ')}` })
  integrationProvider!: IntegrationProvider;

  @IsIn(INTEGRATION_INVOCATION_TYPES, {
    message: `$property must be one of ${INTEGRATION_INVOCATION_TYPES.join(', ')}`,
  })
  integrationInvocationType!: IntegrationInvocationType;

  @ValidateNested()
  @Type((options) =>
    isJsonObject(options?.object) && options.object.integrationProvider === 'GITHUB'
      ? GithubDispatch
      : OpenObject,
  )
  @IsObject()
  integrationActionExecutionProperties!: GithubDispatch | Record<string, unknown>;
}
