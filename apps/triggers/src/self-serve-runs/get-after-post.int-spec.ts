import {
  httpClient,
  type RunningOrchestrator,
  type RunningTriggersService,
  type RunningWorkflowsService,
  startOrchestrator,
  startTriggersService,
  startWorkflowsService,
  userToken,
} from '../__tests__/services';
import { deployWorkflow } from '../__tests__/workflow-fixtures';

const ORG = 'org_get_after_post';

describe('GET right after POST, with the real orchestrator', () => {
  let workflows: RunningWorkflowsService;
  let triggers: RunningTriggersService;
  let orchestrator: RunningOrchestrator;

  beforeAll(async () => {
    workflows = await startWorkflowsService('trg-gap');
    expect(
      (
        await httpClient(workflows.running.baseUrl, userToken(ORG)).post(
          '/v1/workflows',
          deployWorkflow('deploy'),
        )
      ).status,
    ).toBe(201);
    orchestrator = await startOrchestrator('trg-gap-orch', workflows.ns.topicPrefix);
    triggers = await startTriggersService({
      label: 'trg-gap-app',
      topicPrefix: workflows.ns.topicPrefix,
      workflowsUrl: workflows.running.baseUrl,
      env: { RUN_CREATION_WAIT_MS: '20000' },
    });
  });

  afterAll(async () => {
    await orchestrator?.close();
    await triggers?.close();
    await workflows?.close();
  });

  it('finds the run at once: the POST answered only after the orchestrator had created it', async () => {
    const token = userToken(ORG, ['member']);
    const post = await httpClient(triggers.running.baseUrl, token).post('/v1/workflows/deploy/runs', {
      inputs: { service: 'svc-a', version: '2.0.0', environment: 'production' },
    });
    expect(post.status).toBe(201);
    const runId = post.data.workflowRun.identifier;
    // This service reads no run (no ORCHESTRATOR_URL here): the run's creating event carried its view.
    expect(post.data.workflowRun).toMatchObject({
      status: 'IN_PROGRESS',
      variables: { outputs: { trigger: { service: 'svc-a', environment: 'production' } } },
    });
    expect(post.data.workflowRun.nodeRuns).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ node: { identifier: 'trigger' }, status: 'COMPLETED', result: 'SUCCESS' }),
      ]),
    );

    const get = await httpClient(orchestrator.running.baseUrl, token).get(`/v1/workflows/runs/${runId}`);
    expect(get.status).toBe(200);
    expect(get.data.workflowRun).toMatchObject({
      identifier: runId,
      workflow: { identifier: 'deploy', version: 1 },
    });
  });
});
