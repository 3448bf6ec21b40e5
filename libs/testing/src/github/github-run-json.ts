import { githubTime, type LocalWorkflowRun } from './local-github-model';

/** A workflow run as GitHub's REST API shows it (the fields the executor and tests read). */
export function workflowRunJson(baseUrl: string, run: LocalWorkflowRun): Record<string, unknown> {
  return {
    id: run.id,
    name: run.workflow.replace(/\.ya?ml$/, ''),
    display_title: run.displayTitle,
    path: `.github/workflows/${run.workflow}`,
    head_branch: run.ref.replace(/^refs\/heads\//, ''),
    event: 'workflow_dispatch',
    status: run.status,
    conclusion: run.conclusion,
    run_number: run.id % 1_000_000,
    run_attempt: 1,
    url: `${baseUrl}/repos/${run.owner}/${run.repo}/actions/runs/${run.id}`,
    html_url: `${baseUrl}/${run.owner}/${run.repo}/actions/runs/${run.id}`,
    created_at: githubTime(run.createdAt),
    updated_at: githubTime(run.updatedAt),
  };
}

/** The payload of GitHub's `workflow_run` webhook event for a run. */
export function workflowRunWebhookPayload(
  baseUrl: string,
  run: LocalWorkflowRun,
  action: string,
): Record<string, unknown> {
  return {
    action,
    workflow_run: workflowRunJson(baseUrl, run),
    workflow: { name: run.workflow, path: `.github/workflows/${run.workflow}` },
    repository: { name: run.repo, full_name: `${run.owner}/${run.repo}`, owner: { login: run.owner } },
    installation: { id: run.installationId },
    sender: { login: 'flowline-test' },
  };
}
