import {
  deadLetterTopic,
  entityChangedKey,
  prefixedTopic,
  RunRequestedMessage,
  Topics,
  validateMessage,
} from '@flowline/contracts';
import { type ReceivedMessage, TestKafka, waitFor } from '@flowline/testing';
import {
  httpClient,
  type RunningTriggersService,
  type RunningWorkflowsService,
  startTriggersService,
  startWorkflowsService,
  userToken,
} from '../__tests__/services';
import { entity, entityChange, eventWorkflow } from '../__tests__/workflow-fixtures';

const ORG = 'org_events';
type Change = ReturnType<typeof entityChange>;
type RunRequest = { runId: string; runKey: string; workflow: { identifier: string; version: number } };

describe('event triggers: entity changes on Kafka → run requests', () => {
  let workflows: RunningWorkflowsService;
  let triggers: RunningTriggersService;
  let kafka: TestKafka;
  let requested: ReceivedMessage[];
  let deadLetters: ReceivedMessage[];

  const admin = () => httpClient(workflows.running.baseUrl, userToken(ORG));
  const topic = (name: string) => prefixedTopic(name, workflows.ns.topicPrefix);
  const requests = () => requested.map((m) => m.json as RunRequest);
  const requestsOf = (change: Change) => requests().filter((r) => r.runKey.startsWith(`event:${change.id}:`));
  /** Sends changes on one partition key: the consumer handles them in order, so a later one is a sentinel. */
  const send = async (key: string, ...changes: Array<Change | string>) => {
    for (const change of changes) await kafka.send(topic(Topics.entityChanged), change, key);
  };
  const runsFor = (change: Change, count: number) =>
    waitFor(() => requestsOf(change).length >= count && requestsOf(change), {
      description: `${count} run request(s) for ${change.id}`,
    });
  const indexed = (identifier: string, version = 1) =>
    waitFor(() => triggers.index.get(ORG, identifier)?.version === version, {
      description: `${identifier} v${version} in the trigger index`,
    });

  beforeAll(async () => {
    workflows = await startWorkflowsService('trg-events');
    triggers = await startTriggersService({
      label: 'trg-events-app',
      topicPrefix: workflows.ns.topicPrefix,
      workflowsUrl: workflows.running.baseUrl,
      env: { MAX_CHAIN_DEPTH: '5' },
    });
    kafka = new TestKafka(workflows.ns.kafkaBrokers);
    requested = await kafka.collect(topic(Topics.runRequested));
    deadLetters = await kafka.collect(topic(deadLetterTopic(Topics.entityChanged)));

    const production = '.diff.after.properties.environment == "production"';
    const statusChanged = '.diff.before.properties.status != .diff.after.properties.status';
    const definitions = [
      eventWorkflow('on-prod-change', { expressions: [production, statusChanged], combinator: 'and' }),
      eventWorkflow('on-staging-or-degraded', {
        expressions: [
          '.diff.after.properties.environment == "staging"',
          '.diff.after.properties.status == "degraded"',
        ],
        combinator: 'or',
      }),
      eventWorkflow('on-any-team', { eventType: 'ANY_ENTITY_CHANGE', blueprint: 'team' }),
      eventWorkflow('on-cluster', { blueprint: 'cluster' }),
    ];
    for (const definition of definitions)
      expect((await admin().post('/v1/workflows', definition)).status).toBe(201);
    for (const definition of definitions) await indexed(definition['identifier'] as string);
  });

  afterAll(async () => {
    await kafka?.close();
    await triggers?.close();
    await workflows?.close();
  });

  it('requests one run per workflow whose event, blueprint and condition match, with the event as output', async () => {
    const change = entityChange(ORG, { chainDepth: 0 });
    await send(entityChangedKey(ORG, 'service', 'svc-a'), change);

    const runs = await runsFor(change, 2);
    expect(runs.map((r) => r.runKey).sort()).toEqual([
      `event:${change.id}:on-prod-change`,
      `event:${change.id}:on-staging-or-degraded`,
    ]);
    const message = await waitFor(() =>
      requested.find((m) => (m.json as RunRequest).runKey === `event:${change.id}:on-prod-change`),
    );
    const validated = validateMessage(RunRequestedMessage, message.json);
    expect(validated.ok ? [] : validated.problems).toEqual([]);
    expect(message.key).toBe((message.json as RunRequest).runId);
    const { action, resourceType, trigger, context, diff } = change;
    expect(message.json).toMatchObject({
      orgId: ORG,
      chainDepth: 0,
      workflow: { identifier: 'on-prod-change', version: 1, orgId: ORG },
      trigger: {
        kind: 'EVENT',
        nodeIdentifier: 'on-change',
        by: { actorId: 'automation', kind: 'automation' },
        output: { action, resourceType, trigger, context, diff },
      },
    });
  });

  it('requests no second run when the same event is delivered again', async () => {
    const change = entityChange(ORG);
    const sentinel = entityChange(ORG);
    const key = entityChangedKey(ORG, 'service', 'svc-b');
    await send(key, change);
    await runsFor(change, 2);
    await send(key, change, change, sentinel);

    await runsFor(sentinel, 2);
    expect(requestsOf(change)).toHaveLength(2);
    const recorded = await triggers.sql('select workflow_identifier from event_runs where event_id = $1', [
      change.id,
    ]);
    expect(recorded.map((r) => r['workflow_identifier']).sort()).toEqual([
      'on-prod-change',
      'on-staging-or-degraded',
    ]);
  });

  it('starts nothing when no condition holds, or no workflow of the org watches the blueprint or the action', async () => {
    const calm = entity('svc-c', 'service', { environment: 'development', status: 'running' });
    const noCondition = entityChange(ORG, { before: calm, after: calm });
    const otherBlueprint = entityChange(ORG, { blueprint: 'database', entityIdentifier: 'db-1' });
    const otherAction = entityChange(ORG, {
      action: 'CREATE',
      blueprint: 'cluster',
      entityIdentifier: 'c-1',
    });
    const otherOrg = entityChange('org_events_other', { blueprint: 'team', entityIdentifier: 'team-a' });
    const sentinel = entityChange(ORG, { action: 'DELETE', blueprint: 'team', entityIdentifier: 'team-a' });
    await send(`${ORG}/no-match`, noCondition, otherBlueprint, otherAction, otherOrg, sentinel);

    expect((await runsFor(sentinel, 1)).map((r) => r.workflow.identifier)).toEqual(['on-any-team']);
    for (const change of [noCondition, otherBlueprint, otherAction, otherOrg])
      expect(requestsOf(change)).toEqual([]);
    const recorded = await triggers.sql('select * from event_runs where event_id = any($1)', [
      [noCondition.id, otherBlueprint.id, otherAction.id, otherOrg.id],
    ]);
    expect(recorded).toEqual([]);
  });

  it('stops a chain of workflow-made changes at MAX_CHAIN_DEPTH, and carries the depth on', async () => {
    const atLimit = entityChange(ORG, { blueprint: 'team', entityIdentifier: 'team-b', chainDepth: 5 });
    const belowLimit = entityChange(ORG, { blueprint: 'team', entityIdentifier: 'team-b', chainDepth: 4 });
    await send(`${ORG}/chain`, atLimit, belowLimit);

    const [run] = await runsFor(belowLimit, 1);
    expect(requested.find((m) => (m.json as RunRequest).runId === run.runId)?.json).toMatchObject({
      chainDepth: 4,
    });
    expect(requestsOf(atLimit)).toEqual([]);
    expect(triggers.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: expect.stringMatching(
          new RegExp(`${atLimit.id} .* starts no run: its chain depth 5 reached MAX_CHAIN_DEPTH 5`),
        ),
      }),
    );
  });

  it('matches a workflow no more once it is deleted (its tombstone reached the index)', async () => {
    const before = entityChange(ORG, { blueprint: 'cluster', entityIdentifier: 'c-2' });
    await send(`${ORG}/deleted`, before);
    expect((await runsFor(before, 1)).map((r) => r.workflow.identifier)).toEqual(['on-cluster']);

    expect((await admin().delete('/v1/workflows/on-cluster')).status).toBe(200);
    await waitFor(() => triggers.index.get(ORG, 'on-cluster') === undefined, {
      description: 'the tombstone',
    });
    const after = entityChange(ORG, { blueprint: 'cluster', entityIdentifier: 'c-2' });
    const sentinel = entityChange(ORG, { blueprint: 'team', entityIdentifier: 'team-c' });
    await send(`${ORG}/deleted`, after, sentinel);
    await runsFor(sentinel, 1);
    expect(requestsOf(after)).toEqual([]);
  });

  it('runs the version saved last, with its new condition', async () => {
    const onlyPlatform = eventWorkflow('on-any-team', {
      eventType: 'ANY_ENTITY_CHANGE',
      blueprint: 'team',
      expressions: ['.context.entityIdentifier == "platform"'],
    });
    expect((await admin().put('/v1/workflows/on-any-team', onlyPlatform)).status).toBe(200);
    await indexed('on-any-team', 2);
    const other = entityChange(ORG, { action: 'CREATE', blueprint: 'team', entityIdentifier: 'sales' });
    const platform = entityChange(ORG, { action: 'CREATE', blueprint: 'team', entityIdentifier: 'platform' });
    await send(`${ORG}/versions`, other, platform);

    expect((await runsFor(platform, 1)).map((r) => r.workflow.version)).toEqual([2]);
    expect(requestsOf(other)).toEqual([]);
  });

  it('parks a message that is not an entity change on the dead-letter topic and moves on', async () => {
    const sentinel = entityChange(ORG, { action: 'CREATE', blueprint: 'team', entityIdentifier: 'platform' });
    const wrongDiff = {
      ...entityChange(ORG, { action: 'CREATE', blueprint: 'team' }),
      diff: { before: null, after: null },
    };
    await send(`${ORG}/dlq`, 'not json at all', JSON.stringify(wrongDiff), sentinel);

    await runsFor(sentinel, 1);
    const parked = await waitFor(() => deadLetters.length >= 2 && deadLetters);
    expect(parked.map((m) => (m.json as { reason: string }).reason)).toEqual([
      'INVALID_MESSAGE',
      'INVALID_MESSAGE',
    ]);
    expect(requestsOf(wrongDiff as Change)).toEqual([]);
  });
});
