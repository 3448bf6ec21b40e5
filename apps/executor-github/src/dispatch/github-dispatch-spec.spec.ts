import { readGithubDispatch } from './github-dispatch-spec';

const expected = {
  owner: 'my-org',
  repo: 'svc-a',
  workflow: 'deploy.yml',
  inputs: { environment: 'prod' },
  reportWorkflowStatus: true,
};

describe('readGithubDispatch', () => {
  it('reads the GITHUB node', () => {
    const reading = readGithubDispatch({
      type: 'GITHUB',
      org: 'my-org',
      repo: 'svc-a',
      workflow: 'deploy.yml',
      workflowInputs: { environment: 'prod' },
      reportWorkflowStatus: true,
    });
    expect(reading).toEqual({ ok: true, spec: expected });
  });

  it('reads the later INTEGRATION_ACTION spelling (github-ocean, dispatch_workflow)', () => {
    const reading = readGithubDispatch({
      type: 'INTEGRATION_ACTION',
      installationId: 'github-app-123',
      integrationProvider: 'github-ocean',
      integrationInvocationType: 'dispatch_workflow',
      integrationActionExecutionProperties: {
        org: 'my-org',
        repo: 'svc-a',
        workflow: 'deploy.yml',
        workflowInputs: { environment: 'prod' },
        reportWorkflowStatus: 'true',
      },
    });
    expect(reading).toEqual({ ok: true, spec: expected });
  });

  it('reads the beta INTEGRATION_ACTION spelling (repo "owner/name", workflowId, inputs, reportStatus)', () => {
    const reading = readGithubDispatch({
      type: 'INTEGRATION_ACTION',
      installationId: 'github-app-123',
      integrationProvider: 'GITHUB',
      integrationInvocationType: 'CREATE',
      integrationActionExecutionProperties: {
        repo: 'my-org/svc-a',
        workflowId: 'deploy.yml',
        inputs: { environment: 'prod' },
        reportStatus: false,
      },
    });
    expect(reading).toEqual({ ok: true, spec: { ...expected, reportWorkflowStatus: false } });
  });

  it('prefers the canonical key when a config has both spellings, and defaults status reporting to on', () => {
    const reading = readGithubDispatch({
      type: 'GITHUB',
      org: 'my-org',
      repo: 'svc-a',
      workflow: 'deploy.yml',
      workflowId: 'other.yml',
      inputs: { ignored: 'x' },
      workflowInputs: { environment: 'prod' },
    });
    expect(reading).toEqual({ ok: true, spec: expected });
  });

  it('accepts a numeric workflow id and a provider left out (the beta default)', () => {
    const reading = readGithubDispatch({
      type: 'INTEGRATION_ACTION',
      integrationActionExecutionProperties: { repo: 'my-org/svc-a', workflowId: 161335 },
    });
    expect(reading.ok && reading.spec).toMatchObject({ owner: 'my-org', workflow: '161335', inputs: {} });
  });

  it('lists every problem of a bad config', () => {
    const reading = readGithubDispatch({
      type: 'GITHUB',
      repo: 'svc-a',
      workflow: '../../etc/passwd',
      workflowInputs: ['a'],
      reportWorkflowStatus: 'sometimes',
    });
    expect(reading).toEqual({
      ok: false,
      problems: [
        'org is required (or repo as "owner/name")',
        'workflow "../../etc/passwd" must be a file name in .github/workflows or a workflow id',
        'workflowInputs must be an object of input names to values',
        'reportWorkflowStatus must be true or false',
      ],
    });
  });

  it('refuses other providers and node types, and an owner that contradicts org', () => {
    expect(
      readGithubDispatch({
        type: 'INTEGRATION_ACTION',
        integrationProvider: 'GITLAB',
        integrationActionExecutionProperties: {},
      }),
    ).toEqual({ ok: false, problems: ['integrationProvider "GITLAB" is not GitHub'] });
    expect(readGithubDispatch({ type: 'WEBHOOK' })).toEqual({
      ok: false,
      problems: ['a WEBHOOK node is not a GitHub dispatch'],
    });
    expect(readGithubDispatch({ type: 'GITHUB', org: 'a', repo: 'b/c', workflow: 'w.yml' })).toEqual({
      ok: false,
      problems: ['repo "b/c" names another owner than org "a"'],
    });
  });
});
