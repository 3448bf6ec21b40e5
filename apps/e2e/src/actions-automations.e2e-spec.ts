import { type AxiosInstance } from 'axios';
import { Topics } from '@flowline/contracts';
import { RecordingSink, TestKafka, waitFor } from '@flowline/testing';
import {
  actionRunsOf,
  createAction,
  runAction,
  selfService,
  SERVICE_BLUEPRINT,
  waitForActionRun,
} from './harness/action-api';
import { gatewayApi } from './harness/gateway-api';
import { RunningSystem } from './harness/system';

const ORG = 'org_e2e_automations';

/**
 * Automations, every service a process behind the gateway: catalog changes and the creation and updates
 * of another action's runs (reported or made by the engine) start the automation whose event and JQ
 * condition they match, with Port's automation context as the JQ root, and an entity-change event
 * delivered twice starts one run.
 */
describe('automations through the whole system', () => {
  let system: RunningSystem;
  let sink: RecordingSink;
  let kafka: TestKafka;
  let api: AxiosInstance;

  beforeAll(async () => {
    sink = await RecordingSink.start();
    system = await RunningSystem.start({
      services: ['workflows', 'catalog', 'triggers', 'orchestrator', 'executor-webhook'],
    });
    api = gatewayApi(system.gatewayUrl, (await system.createClient(ORG)).accessToken);
    kafka = new TestKafka((process.env['KAFKA_BROKERS'] ?? '').split(','));
    // The automation first, well before the entity changes: the triggers service learns of it from the
    // definitions topic.
    await createAction(api, {
      identifier: 'on-version-change',
      title: 'On version change',
      trigger: {
        type: 'automation',
        event: { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
        condition: {
          type: 'JQ',
          expressions: ['.diff.before.properties.version != .diff.after.properties.version'],
          combinator: 'and',
        },
      },
      invocationMethod: {
        type: 'WEBHOOK',
        url: `${sink.baseUrl}/automations/version`,
        synchronized: true,
        body: {
          entity: '{{ .entity.identifier }}',
          from: '{{ .event.diff.before.properties.version }}',
          to: '{{ .event.diff.after.properties.version }}',
          runId: '{{ .run.id }}',
          origin: '{{ .trigger.origin }}',
        },
      },
      publish: true,
    });
    await createAction(api, {
      identifier: 'deployer',
      trigger: selfService({ properties: { version: { type: 'string' } }, required: [] }),
      invocationMethod: { type: 'WEBHOOK', url: `${sink.baseUrl}/actions/deployer` },
    });
    await createAction(api, {
      identifier: 'on-deploy-finished',
      trigger: {
        type: 'automation',
        event: { type: 'RUN_UPDATED', actionIdentifier: 'deployer' },
        condition: { type: 'JQ', expressions: ['.diff.after.status == "SUCCESS"'], combinator: 'and' },
      },
      invocationMethod: {
        type: 'WEBHOOK',
        url: `${sink.baseUrl}/automations/deployed`,
        synchronized: true,
        body: {
          deployRun: '{{ .event.diff.after.id }}',
          label: '{{ .event.diff.after.statusLabel }}',
          before: '{{ .event.diff.before.status }}',
          version: '{{ .event.diff.after.properties.version }}',
        },
      },
    });
    await createAction(api, {
      identifier: 'on-deploy-requested',
      trigger: {
        type: 'automation',
        event: { type: 'RUN_CREATED', actionIdentifier: 'deployer' },
        condition: { type: 'JQ', expressions: ['.diff.before == null'], combinator: 'and' },
      },
      invocationMethod: {
        type: 'WEBHOOK',
        url: `${sink.baseUrl}/automations/requested`,
        synchronized: true,
        body: {
          deployRun: '{{ .event.diff.after.id }}',
          status: '{{ .event.diff.after.status }}',
          version: '{{ .event.diff.after.properties.version }}',
          change: '{{ .event.action }}',
        },
      },
    });
    // A synchronous backend: the engine ends its runs from the webhook's answer, no one reports.
    await createAction(api, {
      identifier: 'sync-deployer',
      trigger: selfService({ properties: { version: { type: 'string' } }, required: [] }),
      invocationMethod: { type: 'WEBHOOK', url: `${sink.baseUrl}/actions/sync-deployer`, synchronized: true },
    });
    await createAction(api, {
      identifier: 'on-sync-deploy-changed',
      trigger: {
        type: 'automation',
        event: { type: 'ANY_RUN_CHANGE', actionIdentifier: 'sync-deployer' },
        condition: { type: 'JQ', expressions: ['.diff.before != null'], combinator: 'and' },
      },
      invocationMethod: {
        type: 'WEBHOOK',
        url: `${sink.baseUrl}/automations/sync-deployed`,
        synchronized: true,
        body: {
          deployRun: '{{ .event.diff.after.id }}',
          before: '{{ .event.diff.before.status }}',
          after: '{{ .event.diff.after.status }}',
          byPort: '{{ .event.trigger.by.byPort }}',
        },
      },
    });
    expect((await api.post('/v1/blueprints', SERVICE_BLUEPRINT)).status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await kafka?.close();
    await system?.stop();
    await sink?.close();
  });

  const writeService = (identifier: string, properties: Record<string, unknown>) =>
    api.post('/v1/blueprints/service/entities?upsert=true', { identifier, properties });

  it('starts an ENTITY_UPDATED automation only when its condition on the diff holds', async () => {
    expect((await writeService('billing', { tier: 'gold', version: '1.0.0' })).status).toBeLessThan(300);
    // Not a version change: the condition is false.
    expect((await writeService('billing', { tier: 'silver', version: '1.0.0' })).status).toBeLessThan(300);
    // The same entity's events are handled in order: once this one's run exists, the one above was seen.
    expect((await writeService('billing', { tier: 'silver', version: '1.1.0' })).status).toBeLessThan(300);

    const [run] = await waitFor(
      async () => {
        const runs = await actionRunsOf(api, 'on-version-change');
        return runs.length > 0 ? runs : undefined;
      },
      { timeoutMs: 60_000, description: 'a run of on-version-change' },
    );
    const id = run['id'] as string;
    const ended = await waitForActionRun(api, id, 'SUCCESS');
    expect(ended).toMatchObject({
      action: { identifier: 'on-version-change' },
      source: 'AUTOMATION',
      entity: { identifier: 'billing' },
      blueprint: { identifier: 'service' },
    });
    const call = await waitFor(() => sink.calls('/automations/version').find((one) => one.body.includes(id)));
    expect(JSON.parse(call.body)).toEqual({
      entity: 'billing',
      from: '1.0.0',
      to: '1.1.0',
      runId: id,
      origin: 'AUTOMATION',
    });
    expect(await actionRunsOf(api, 'on-version-change')).toHaveLength(1);
  });

  it('starts a RUN_UPDATED automation when another action’s run is updated and its condition holds', async () => {
    const id = (await runAction(api, 'deployer', { properties: { version: '4.2.0' } }))['id'] as string;
    await waitFor(() => sink.calls('/actions/deployer').find((call) => call.body.includes(id)));
    // An update, but the condition wants a successful run: nothing starts.
    expect((await api.patch(`/v1/actions/runs/${id}`, { statusLabel: 'halfway' })).status).toBe(200);
    expect(
      (await api.patch(`/v1/actions/runs/${id}`, { status: 'SUCCESS', statusLabel: 'done' })).status,
    ).toBe(200);
    const [run] = await waitFor(
      async () => {
        const runs = await actionRunsOf(api, 'on-deploy-finished');
        return runs.length > 0 ? runs : undefined;
      },
      { timeoutMs: 60_000, description: 'a run of on-deploy-finished' },
    );
    await waitForActionRun(api, run['id'] as string, 'SUCCESS');
    const call = await waitFor(() =>
      sink.calls('/automations/deployed').find((one) => one.body.includes(id)),
    );
    expect(JSON.parse(call.body)).toEqual({
      deployRun: id,
      label: 'done',
      before: 'IN_PROGRESS',
      version: '4.2.0',
    });
    expect(await actionRunsOf(api, 'on-deploy-finished')).toHaveLength(1);
  });

  it('starts a RUN_CREATED automation once per created run, over Port’s event with no diff.before', async () => {
    const id = (await runAction(api, 'deployer', { properties: { version: '5.0.0' } }))['id'] as string;
    const call = await waitFor(
      () => sink.calls('/automations/requested').find((one) => one.body.includes(id)),
      { timeoutMs: 60_000, description: 'the RUN_CREATED automation’s call' },
    );
    expect(JSON.parse(call.body)).toEqual({
      deployRun: id,
      status: 'IN_PROGRESS',
      version: '5.0.0',
      change: 'CREATE',
    });
    // Reports on the run are updates, not creations: once they ended it, still one call about it.
    expect((await api.patch(`/v1/actions/runs/${id}`, { status: 'FAILURE' })).status).toBe(200);
    const requested = await waitFor(async () => {
      const runs = await actionRunsOf(api, 'on-deploy-requested');
      return runs.every((one) => one['status'] === 'SUCCESS') ? runs : undefined;
    });
    expect(requested.length).toBeGreaterThan(0);
    expect(sink.calls('/automations/requested').filter((one) => one.body.includes(id))).toHaveLength(1);
  });

  it('starts run-change automations when the engine ends a run (synchronous webhook), once', async () => {
    const id = (await runAction(api, 'sync-deployer', { properties: { version: '6.0.0' } }))['id'] as string;
    await waitForActionRun(api, id, 'SUCCESS');
    const call = await waitFor(
      () => sink.calls('/automations/sync-deployed').find((one) => one.body.includes(id)),
      { timeoutMs: 60_000, description: 'the ANY_RUN_CHANGE automation’s call' },
    );
    expect(JSON.parse(call.body)).toEqual({
      deployRun: id,
      before: 'IN_PROGRESS',
      after: 'SUCCESS',
      byPort: true,
    });
    const [run] = await waitFor(async () => {
      const runs = await actionRunsOf(api, 'on-sync-deploy-changed');
      return runs.length > 0 ? runs : undefined;
    });
    await waitForActionRun(api, run['id'] as string, 'SUCCESS');
    expect(await actionRunsOf(api, 'on-sync-deploy-changed')).toHaveLength(1);
  });

  it('starts one run for an entity-change event delivered twice', async () => {
    const topic = `${system.topicPrefix}${Topics.entityChanged}`;
    const received = await kafka.collect(topic);
    expect((await writeService('ledger', { version: '1.0.0' })).status).toBeLessThan(300);
    expect((await writeService('ledger', { version: '2.0.0' })).status).toBeLessThan(300);
    const runOf = (runs: Array<Record<string, unknown>>) =>
      runs.find((one) => (one['entity'] as { identifier?: string } | null)?.identifier === 'ledger');
    const first = await waitFor(async () => runOf(await actionRunsOf(api, 'on-version-change')), {
      timeoutMs: 60_000,
      description: 'the run of the ledger update',
    });
    const update = await waitFor(() =>
      received.find((message) => message.value?.includes('"2.0.0"') && message.value.includes('"UPDATE"')),
    );
    // Delivered again, as after a consumer crash before its commit.
    await kafka.send(topic, update.value, update.key ?? undefined);
    // A later, matching change of the same entity: once its run exists, the redelivery was handled.
    expect((await writeService('ledger', { version: '3.0.0' })).status).toBeLessThan(300);
    await waitFor(
      async () => {
        const runs = (await actionRunsOf(api, 'on-version-change')).filter(
          (one) => (one['entity'] as { identifier?: string } | null)?.identifier === 'ledger',
        );
        return runs.length >= 2 ? runs : undefined;
      },
      { timeoutMs: 60_000, description: 'the run of the second ledger update' },
    );
    const ledgerRuns = (await actionRunsOf(api, 'on-version-change')).filter(
      (one) => (one['entity'] as { identifier?: string } | null)?.identifier === 'ledger',
    );
    expect(ledgerRuns).toHaveLength(2);
    expect(ledgerRuns.map((one) => one['id'])).toContain(first['id']);
  });
});
