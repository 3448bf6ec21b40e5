import { node, problemsOfConfig, workflowWith } from '../../__fixtures__/builders';
import { normalizeWorkflow } from '../../normalize/normalize-workflow';
import { validateWorkflow } from '../../validation/validate-workflow';

const at = 'nodes[1].config';
const props = `${at}.integrationActionExecutionProperties`;
const integration = (properties: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'INTEGRATION_ACTION',
  installationId: 'gh-1',
  integrationActionExecutionProperties: properties,
  ...extra,
});

describe('INTEGRATION_ACTION', () => {
  it('accepts a GitHub dispatch in the classic spelling', async () => {
    const dispatch = {
      org: 'o',
      repo: 'r',
      workflow: 'ci.yml',
      workflowInputs: { a: 'b' },
      reportWorkflowStatus: '{{ true }}',
    };
    expect(await problemsOfConfig(integration(dispatch, { integrationProvider: 'GITHUB' }))).toEqual([]);
  });

  it('normalises the beta spelling and fills provider and invocation type', async () => {
    const workflow = workflowWith([
      node(
        'n',
        integration({
          repo: 'acme/api',
          workflowId: 'deploy.yml',
          inputs: { env: 'prod' },
          reportStatus: false,
        }),
      ),
    ]);
    const result = await validateWorkflow(workflow);
    expect(result.problems).toEqual([]);
    expect(result.workflow?.nodes[1].config).toEqual({
      type: 'INTEGRATION_ACTION',
      installationId: 'gh-1',
      integrationProvider: 'GITHUB',
      integrationInvocationType: 'CREATE',
      integrationActionExecutionProperties: {
        org: 'acme',
        repo: 'api',
        workflow: 'deploy.yml',
        workflowInputs: { env: 'prod' },
        reportWorkflowStatus: false,
      },
    });
  });

  it('keeps "owner/repo" whole when the owner is a template', () => {
    const workflow = workflowWith([
      node('n', integration({ repo: '{{ .outputs.trigger.repo }}', workflowId: 'x.yml' })),
    ]);
    expect(normalizeWorkflow(workflow).workflow.nodes[1].config).toMatchObject({
      integrationActionExecutionProperties: { repo: '{{ .outputs.trigger.repo }}', workflow: 'x.yml' },
    });
  });

  it('maps github-ocean / dispatch_workflow onto GITHUB / CREATE', () => {
    const config = integration(
      { org: 'o', repo: 'r', workflow: 'w' },
      { integrationProvider: 'github-ocean', integrationInvocationType: 'dispatch_workflow' },
    );
    expect(normalizeWorkflow(workflowWith([node('n', config)])).workflow.nodes[1].config).toMatchObject({
      integrationProvider: 'GITHUB',
      integrationInvocationType: 'CREATE',
    });
  });

  it('stores other providers’ properties as given', async () => {
    expect(
      await problemsOfConfig(integration({ anything: { goes: 1 } }, { integrationProvider: 'GITLAB' })),
    ).toEqual([]);
  });

  it('reports a bad installation, provider, type and dispatch', async () => {
    const bad = {
      type: 'INTEGRATION_ACTION',
      integrationProvider: 'BITBUCKET',
      integrationInvocationType: 'RUN',
      integrationActionExecutionProperties: 'x',
    };
    expect(await problemsOfConfig(bad)).toEqual([
      `INVALID_FIELD ${at}.installationId`,
      `INVALID_FIELD ${at}.integrationActionExecutionProperties`,
      `INVALID_FIELD ${at}.integrationInvocationType`,
      `INVALID_FIELD ${at}.integrationProvider`,
    ]);
    const tooManyInputs = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`i${i}`, 'v']));
    expect(
      await problemsOfConfig(integration({ repo: 'no-owner', workflowInputs: tooManyInputs, ref: 'main' })),
    ).toEqual([
      `INVALID_FIELD ${props}.repo`,
      `INVALID_FIELD ${props}.workflow`,
      `INVALID_FIELD ${props}.workflowInputs`,
      `UNKNOWN_FIELD ${props}.ref`,
    ]);
  });

  it('reports a problem on an aliased key where the client sent it', async () => {
    expect(await problemsOfConfig(integration({ repo: 'o/r', workflowId: 7 }))).toEqual([
      `INVALID_FIELD ${props}.workflowId`,
    ]);
  });

  it('refuses two disagreeing spellings of one key', async () => {
    expect(
      await problemsOfConfig(integration({ org: 'o', repo: 'r', workflow: 'a.yml', workflowId: 'b.yml' })),
    ).toEqual([`CONFLICTING_ALIASES ${props}.workflowId`]);
  });
});

describe('GITHUB', () => {
  it('accepts a dispatch, including the beta key spelling', async () => {
    expect(
      await problemsOfConfig({
        type: 'GITHUB',
        org: 'o',
        repo: 'r',
        workflow: 'w.yml',
        reportWorkflowStatus: true,
      }),
    ).toEqual([]);
    expect(
      await problemsOfConfig({ type: 'GITHUB', repo: 'o/r', workflowId: 'w.yml', inputs: { a: 'b' } }),
    ).toEqual([]);
  });

  it('requires org, repo and workflow', async () => {
    expect(await problemsOfConfig({ type: 'GITHUB', workflowInputs: [] })).toEqual([
      `INVALID_FIELD ${at}.org`,
      `INVALID_FIELD ${at}.repo`,
      `INVALID_FIELD ${at}.workflow`,
      `INVALID_FIELD ${at}.workflowInputs`,
    ]);
  });
});

describe('GITLAB', () => {
  it('accepts a pipeline trigger', async () => {
    const config = {
      type: 'GITLAB',
      projectName: 'api',
      groupName: 'acme',
      defaultRef: 'main',
      pipelineVariables: { A: '1' },
    };
    expect(await problemsOfConfig(config)).toEqual([]);
  });

  it('requires projectName and groupName', async () => {
    expect(await problemsOfConfig({ type: 'GITLAB' })).toEqual([
      `INVALID_FIELD ${at}.groupName`,
      `INVALID_FIELD ${at}.projectName`,
    ]);
  });
});

describe('AZURE_DEVOPS', () => {
  it('accepts a pipeline webhook', async () => {
    expect(
      await problemsOfConfig({ type: 'AZURE_DEVOPS', webhook: 'deploy', org: 'acme', payload: { a: 1 } }),
    ).toEqual([]);
  });

  it('requires webhook and org', async () => {
    expect(await problemsOfConfig({ type: 'AZURE_DEVOPS', payload: 1 })).toEqual([
      `INVALID_FIELD ${at}.org`,
      `INVALID_FIELD ${at}.payload`,
      `INVALID_FIELD ${at}.webhook`,
    ]);
  });
});
