import { prefixedTopic, RunRequestedMessage, Topics, validateMessage } from '@flowline/contracts';
import { type ReceivedMessage, TestKafka, testToken, waitFor } from '@flowline/testing';
import {
  httpClient,
  type RunningTriggersService,
  type RunningWorkflowsService,
  startTriggersService,
  startWorkflowsService,
  userToken,
} from '../__tests__/services';
import { deployWorkflow, eventWorkflow } from '../__tests__/workflow-fixtures';

const ORG = 'org_selfserve';
const OTHER_ORG = 'org_selfserve_other';
const MEMBER = `member@${ORG}.example.com`;
const OTHER_MEMBER = `other@${ORG}.example.com`;
const DEPLOY_INPUTS = { service: 'svc-a', version: '1.2.3', environment: 'production' };

function withTriggerConfig(identifier: string, extra: Record<string, unknown>) {
  const definition = deployWorkflow(identifier);
  const [trigger] = definition['nodes'] as Array<{ config: Record<string, unknown> }>;
  Object.assign(trigger.config, extra);
  return definition;
}

describe('POST /v1/workflows/{id}/runs against the real workflows service and Kafka', () => {
  let workflows: RunningWorkflowsService;
  let triggers: RunningTriggersService;
  let kafka: TestKafka;
  let requested: ReceivedMessage[];
  const accepted = new Set<string>();

  const admin = () => httpClient(workflows.running.baseUrl, userToken(ORG));
  const runs = (token = userToken(ORG)) => httpClient(triggers.running.baseUrl, token);
  const member = (actorId = MEMBER) => userToken(ORG, ['member'], actorId);
  const messageOf = (runId: string) =>
    waitFor(() => requested.find((m) => (m.json as { runId?: string } | undefined)?.runId === runId), {
      description: `the run request of ${runId}`,
    });
  async function submit(
    workflow: string,
    body: object,
    token?: string,
    headers: Record<string, string> = {},
  ) {
    const response = await runs(token).post(`/v1/workflows/${workflow}/runs`, body, { headers });
    if (response.status === 201) accepted.add(response.data.workflowRun.identifier);
    return response;
  }

  beforeAll(async () => {
    workflows = await startWorkflowsService('trg-selfserve');
    kafka = new TestKafka(workflows.ns.kafkaBrokers);
    const definitions = await kafka.collect(
      prefixedTopic(Topics.definitionChanged, workflows.ns.topicPrefix),
    );

    const created = await Promise.all([
      admin().post('/v1/workflows', deployWorkflow('deploy')),
      admin().post('/v1/workflows', eventWorkflow('on-change')),
      admin().post('/v1/workflows', withTriggerConfig('admins-only', { permissions: { roles: ['Admin'] } })),
      admin().post('/v1/workflows', deployWorkflow('listed-users')),
      admin().post('/v1/workflows', deployWorkflow('staging-only')),
      admin().post('/v1/workflows', withTriggerConfig('paused', { published: false })),
      admin().post('/v1/workflows', withTriggerConfig('rocket-team', { permissions: { teams: ['Rocket'] } })),
      admin().post('/v1/workflows', deployWorkflow('rocket-rule')),
    ]);
    expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201, 201, 201]);
    const permissions = (id: string, body: object) =>
      admin().post(`/v1/workflows/${id}/nodes/trigger/permissions`, body);
    expect((await permissions('listed-users', { users: [MEMBER] })).status).toBe(201);
    const stagingRule = {
      property: { context: 'form', property: 'environment' },
      operator: 'in',
      value: ['staging'],
    };
    expect((await permissions('staging-only', { combinator: 'and', rules: [stagingRule] })).status).toBe(201);
    const rocketRule = {
      property: { context: 'userTeams', property: 'name' },
      operator: '=',
      value: 'Rocket',
    };
    expect((await permissions('rocket-rule', { rules: [rocketRule] })).status).toBe(201);
    expect(
      (await admin().put('/v1/workflows/deploy', deployWorkflow('deploy', { title: 'Deploy v2' }))).status,
    ).toBe(200);
    // Start the triggers service once version 2 is on the topic: its boot reads the topic to the end.
    await waitFor(() =>
      definitions.some(
        (m) => (m.json as { workflow?: { identifier: string; version: number } })?.workflow?.version === 2,
      ),
    );
    triggers = await startTriggersService({
      label: 'trg-selfserve-app',
      topicPrefix: workflows.ns.topicPrefix,
      workflowsUrl: workflows.running.baseUrl,
    });
    // The triggers service creates the run-request topic at boot.
    requested = await kafka.collect(prefixedTopic(Topics.runRequested, workflows.ns.topicPrefix));
  });

  afterAll(async () => {
    await triggers?.close();
    await kafka?.close();
    await workflows?.close();
  });

  it('requests a run of the latest version with the validated, defaulted inputs, keyed by run id', async () => {
    const response = await submit('deploy', { inputs: DEPLOY_INPUTS });
    expect(response.status).toBe(201);
    expect(response.data).toEqual({
      ok: true,
      workflowRun: {
        identifier: expect.stringMatching(/^wfr_[A-Za-z0-9]{16}$/),
        status: 'IN_PROGRESS',
        result: null,
        workflow: { identifier: 'deploy', version: 2 },
        workflowVersionId: 2,
        createdBy: `dev@${ORG}.example.com`,
        // No orchestrator answers here: the run's shape with what this service knows.
        nodeRuns: [],
        variables: { outputs: null },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        completedAt: null,
      },
    });
    const runId = response.data.workflowRun.identifier;
    const message = await messageOf(runId);
    expect(message.key).toBe(runId);
    const validated = validateMessage(RunRequestedMessage, message.json);
    expect(validated.ok ? [] : validated.problems).toEqual([]);
    expect(message.json).toMatchObject({
      type: 'WORKFLOW_RUN_REQUESTED',
      orgId: ORG,
      runId,
      runKey: runId,
      chainDepth: 0,
      workflow: { identifier: 'deploy', version: 2, title: 'Deploy v2', orgId: ORG },
      trigger: {
        kind: 'SELF_SERVE',
        nodeIdentifier: 'trigger',
        by: { actorId: `dev@${ORG}.example.com`, kind: 'user', email: `dev@${ORG}.example.com` },
        // replicas from the jqQuery default (production → 3), notify from the literal default.
        output: { ...DEPLOY_INPUTS, replicas: 3, notify: true },
      },
    });
  });

  it('answers 422 listing every bad input with its path, and requests nothing', async () => {
    const response = await submit('deploy', {
      inputs: { service: 5, environment: 'dev', replicas: 20, colour: 'red' },
    });
    expect(response.status).toBe(422);
    expect(response.data).toMatchObject({ ok: false, error: 'invalid_request' });
    const problems = (response.data.details as Array<{ path: string; code: string }>).map(
      (p) => `${p.path} ${p.code}`,
    );
    expect(problems.sort()).toEqual(
      [
        'inputs.colour UNKNOWN_INPUT',
        'inputs.environment INPUT_ENUM',
        'inputs.replicas INPUT_RANGE',
        'inputs.service INPUT_TYPE',
        'inputs.version INPUT_REQUIRED',
      ].sort(),
    );
  });

  it('refuses a body that is not `{ inputs: object }` field by field', async () => {
    const response = await submit('deploy', { inputs: 'prod', extra: true });
    expect(response.status).toBe(422);
    expect(response.data.details.map((p: { path: string }) => p.path).sort()).toEqual(['extra', 'inputs']);
  });

  it('answers a retried submission with the same Idempotency-Key with the same run, requested once', async () => {
    const headers = { 'Idempotency-Key': 'deploy-retry-1' };
    const first = await submit('deploy', { inputs: DEPLOY_INPUTS }, undefined, headers);
    const retry = await submit('deploy', { inputs: DEPLOY_INPUTS }, undefined, headers);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.data.workflowRun.identifier).toBe(first.data.workflowRun.identifier);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const message = await messageOf(first.data.workflowRun.identifier);
    expect((message.json as { runKey: string }).runKey).toBe(`self-serve:${ORG}:deploy:deploy-retry-1`);
    const stored = await triggers.sql(
      `select run_id from self_serve_submissions where idempotency_key = $1`,
      ['deploy-retry-1'],
    );
    expect(stored).toEqual([{ run_id: first.data.workflowRun.identifier }]);
  });

  it('gives concurrent submissions with one Idempotency-Key one run', async () => {
    const headers = { 'Idempotency-Key': 'deploy-race' };
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => submit('deploy', { inputs: DEPLOY_INPUTS }, undefined, headers)),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.data.workflowRun.identifier)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(3);
  });

  it('gives each of a burst of submissions its own run and run request (they share transactions)', async () => {
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        submit('deploy', { inputs: { ...DEPLOY_INPUTS, version: `2.0.${i}` } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    const ids = answers.map((a) => a.data.workflowRun.identifier as string);
    expect(new Set(ids).size).toBe(24);
    const messages = await Promise.all(ids.map((id) => messageOf(id)));
    const versionOf = (m: ReceivedMessage) =>
      (m.json as { trigger: { output: { version: string } } }).trigger.output.version;
    expect(messages.map(versionOf).sort()).toEqual(Array.from({ length: 24 }, (_, i) => `2.0.${i}`).sort());
  });

  it('refuses an Idempotency-Key reused for another submission, or malformed', async () => {
    const headers = { 'Idempotency-Key': 'deploy-reused' };
    expect((await submit('deploy', { inputs: DEPLOY_INPUTS }, undefined, headers)).status).toBe(201);
    const changed = await submit(
      'deploy',
      { inputs: { ...DEPLOY_INPUTS, version: '9.9.9' } },
      undefined,
      headers,
    );
    expect(changed.status).toBe(409);
    expect(changed.data).toMatchObject({ ok: false, error: 'conflict' });
    const otherCaller = await submit('deploy', { inputs: DEPLOY_INPUTS }, member(), headers);
    expect(otherCaller.status).toBe(409);

    const malformed = await submit('deploy', { inputs: DEPLOY_INPUTS }, undefined, {
      'Idempotency-Key': 'x'.repeat(97),
    });
    expect(malformed.status).toBe(422);
    expect(malformed.data.details).toEqual([
      { path: 'headers.Idempotency-Key', message: expect.any(String) },
    ]);
  });

  it('answers 404 for an unknown workflow and for another org’s, 401 without a token', async () => {
    expect((await submit('no-such-workflow', { inputs: {} })).status).toBe(404);
    const foreign = await submit('deploy', { inputs: DEPLOY_INPUTS }, userToken(OTHER_ORG));
    expect(foreign.status).toBe(404);
    expect(foreign.data).toMatchObject({ ok: false, error: 'not_found' });
    expect((await httpClient(triggers.running.baseUrl).post('/v1/workflows/deploy/runs', {})).status).toBe(
      401,
    );
  });

  it('refuses to run a workflow without a self-service trigger, or an unpublished one', async () => {
    const eventOnly = await submit('on-change', { inputs: {} });
    expect(eventOnly.status).toBe(422);
    expect(eventOnly.data.message).toContain('no SELF_SERVE_TRIGGER');
    expect((await submit('paused', { inputs: DEPLOY_INPUTS })).status).toBe(422);
  });

  describe('execution permissions', () => {
    it('lets members run a trigger without permissions', async () => {
      expect((await submit('deploy', { inputs: DEPLOY_INPUTS }, member())).status).toBe(201);
    });

    it('enforces roles from the trigger config: admins pass, members get 403', async () => {
      const refused = await submit('admins-only', { inputs: DEPLOY_INPUTS }, member());
      expect(refused.status).toBe(403);
      expect(refused.data).toMatchObject({ ok: false, error: 'forbidden' });
      expect((await submit('admins-only', { inputs: DEPLOY_INPUTS })).status).toBe(201);
    });

    it('enforces users stored through the permissions API', async () => {
      expect((await submit('listed-users', { inputs: DEPLOY_INPUTS }, member())).status).toBe(201);
      expect((await submit('listed-users', { inputs: DEPLOY_INPUTS }, member(OTHER_MEMBER))).status).toBe(
        403,
      );
    });

    it("enforces teams (trigger config) and userTeams rules (stored) on the caller's teams", async () => {
      const inTeam = testToken(ORG, { roles: ['member'], actorId: MEMBER, teams: ['Ops', 'rocket'] });
      const elsewhere = testToken(ORG, { roles: ['member'], actorId: OTHER_MEMBER, teams: ['Apollo'] });
      expect((await submit('rocket-team', { inputs: DEPLOY_INPUTS }, inTeam)).status).toBe(201);
      expect((await submit('rocket-team', { inputs: DEPLOY_INPUTS }, elsewhere)).status).toBe(403);
      expect((await submit('rocket-team', { inputs: DEPLOY_INPUTS }, member())).status).toBe(403);
      const exactTeam = testToken(ORG, { roles: ['member'], actorId: MEMBER, teams: ['Rocket'] });
      expect((await submit('rocket-rule', { inputs: DEPLOY_INPUTS }, exactTeam)).status).toBe(201);
      expect((await submit('rocket-rule', { inputs: DEPLOY_INPUTS }, elsewhere)).status).toBe(403);
    });

    it('enforces stored form rules on the validated inputs', async () => {
      const staging = { ...DEPLOY_INPUTS, environment: 'staging' };
      expect((await submit('staging-only', { inputs: staging }, member())).status).toBe(201);
      expect((await submit('staging-only', { inputs: DEPLOY_INPUTS }, member())).status).toBe(403);
    });
  });

  it('runs a workflow created a moment ago (index or read-through, whichever has it first)', async () => {
    expect((await admin().post('/v1/workflows', deployWorkflow('brand-new'))).status).toBe(201);
    const response = await submit('brand-new', { inputs: DEPLOY_INPUTS });
    expect(response.status).toBe(201);
    expect(response.data.workflowRun.workflow).toEqual({ identifier: 'brand-new', version: 1 });
  });

  it('requested exactly one run per accepted submission, and nothing for the refused ones', async () => {
    const ofOrg = () => requested.filter((m) => (m.json as { orgId?: string })?.orgId === ORG);
    await waitFor(() =>
      [...accepted].every((runId) => ofOrg().some((m) => (m.json as { runId: string }).runId === runId)),
    );
    const runIds = ofOrg().map((m) => (m.json as { runId: string }).runId);
    expect(runIds.sort()).toEqual([...accepted].sort());
    // Published rows are deleted after the publish: with the service's next transaction, or within 100 ms.
    await waitFor(async () => (await triggers.sql('select seq from outbox')).length === 0, {
      description: 'the published rows to leave the outbox',
    });
  });
});
