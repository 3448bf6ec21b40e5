import { randomBytes } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import {
  type EntityChangedMessage,
  NodeCompletedMessage,
  prefixedTopic,
  Topics,
  validateMessage,
} from '@flowline/contracts';
import {
  createTestNamespace,
  type ReceivedMessage,
  type RunningTestApp,
  type TestNamespace,
  waitFor,
} from '@flowline/testing';
import {
  catalogClientFor,
  DispatchProbe,
  serviceBlueprint,
  startCatalogService,
  startExecutor,
  teamBlueprint,
  upsertDispatch,
} from '../__tests__/executor-harness';
import { generatedEntityIdentifier } from './entity-identifier';

const ORG = `org_upsert_${randomBytes(4).toString('hex')}`;

describe('executor-upsert-entity against the real catalog, Kafka and PostgreSQL', () => {
  let ns: TestNamespace;
  let catalog: RunningTestApp;
  let executor: RunningTestApp;
  let probe: DispatchProbe;
  let person: AxiosInstance;
  let entityChanges: ReceivedMessage[];

  const changesOf = (entity: string) =>
    entityChanges
      .map((message) => message.json as EntityChangedMessage)
      .filter((change) => change?.context?.entityIdentifier === entity);

  beforeAll(async () => {
    ns = await createTestNamespace('executor-upsert-entity');
    catalog = await startCatalogService(ns);
    person = catalogClientFor(catalog, ORG);
    expect((await person.post('/v1/blueprints', teamBlueprint)).status).toBe(201);
    expect((await person.post('/v1/blueprints', serviceBlueprint)).status).toBe(201);
    expect((await person.post('/v1/blueprints/team/entities', { identifier: 'platform' })).status).toBe(201);
    ({ running: executor } = await startExecutor(ns, { CATALOG_URL: catalog.baseUrl }));
    probe = await DispatchProbe.start(ns);
    entityChanges = await probe.kafka.collect(prefixedTopic(Topics.entityChanged, ns.topicPrefix));
  });

  afterAll(async () => {
    await probe?.close();
    await executor?.close();
    await catalog?.close();
    await ns?.dispose();
  });

  it('upserts the rendered mapping and reports {response: {status, data: entity}}', async () => {
    const dispatch = upsertDispatch(
      ORG,
      {
        blueprintIdentifier: '{{ "serv" + "ice" }}',
        mapping: {
          identifier: '{{ .outputs.trigger.service }}',
          title: '{{ .outputs.trigger.title }}',
          icon: 'Service',
          team: ['{{ .outputs.trigger.team }}'],
          properties: {
            language: '{{ .outputs.trigger.language }}',
            replicas: '{{ .outputs.trigger.replicas }}',
            tags: '{{ .outputs.trigger.tags }}',
            version: 'v{{ .workflow.version }}',
          },
          relations: {
            owner: '{{ .outputs.trigger.team }}',
            dependsOn: '{{ .outputs.trigger.deps | fromjson }}',
          },
        },
      },
      { chainDepth: 2 },
    );
    // The related entity must exist; it is written by a person (chain depth 0).
    expect(
      (
        await person.post('/v1/blueprints/service/entities', {
          identifier: 'svc-b',
          properties: { language: 'go' },
        })
      ).status,
    ).toBe(201);

    const result = await probe.run(dispatch);
    expect(validateMessage(NodeCompletedMessage, result).ok).toBe(true);
    const expectedEntity = {
      identifier: 'svc-a',
      blueprint: 'service',
      title: 'Service A',
      icon: 'Service',
      team: ['platform'],
      properties: { language: 'ts', replicas: 3, tags: ['api', 'public'], version: 'v2' },
      relations: { owner: 'platform', dependsOn: ['svc-b'] },
      createdBy: 'executor-upsert-entity',
      updatedBy: 'executor-upsert-entity',
    };
    expect(result).toMatchObject({
      orgId: ORG,
      runId: dispatch.runId,
      nodeRunId: dispatch.nodeRunId,
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { response: { status: 201, data: expectedEntity } },
    });
    expect(result.logs[0]).toMatchObject({
      logLevel: 'INFO',
      log: expect.stringMatching(/^upserted entity "svc-a" of blueprint "service": HTTP 201/),
    });

    const read = await person.get('/v1/blueprints/service/entities/svc-a');
    expect(read.status).toBe(200);
    expect(read.data.entity).toEqual(
      result.output?.['response'] && (result.output['response'] as { data: unknown }).data,
    );

    const [created] = await waitFor(() => (changesOf('svc-a').length > 0 ? changesOf('svc-a') : undefined));
    expect(created).toMatchObject({
      action: 'CREATE',
      orgId: ORG,
      chainDepth: 3,
      trigger: { by: { orgId: ORG, userId: 'executor-upsert-entity', actorKind: 'service' } },
      diff: { before: null, after: expectedEntity },
    });
  });

  it('updates only the mapped fields of an existing entity', async () => {
    const result = await probe.run(
      upsertDispatch(ORG, {
        blueprintIdentifier: 'service',
        mapping: { identifier: 'svc-a', properties: { replicas: 5 } },
      }),
    );
    expect(result).toMatchObject({
      result: 'SUCCESS',
      output: {
        response: {
          data: {
            identifier: 'svc-a',
            title: 'Service A',
            properties: { language: 'ts', replicas: 5, tags: ['api', 'public'], version: 'v2' },
            relations: { owner: 'platform', dependsOn: ['svc-b'] },
          },
        },
      },
    });
    // A dispatch without a chain depth counts as depth 0: its write is depth 1.
    const update = await waitFor(() => changesOf('svc-a').find((change) => change.action === 'UPDATE'));
    expect(update.chainDepth).toBe(1);
  });

  it('generates a stable identifier: a redelivery and a retried attempt upsert the same entity', async () => {
    const config = {
      blueprintIdentifier: 'service',
      mapping: { title: 'generated', properties: { language: 'go' } },
    };
    const first = upsertDispatch(ORG, config);
    const expectedId = generatedEntityIdentifier(ORG, first.nodeRunId);

    // The same attempt delivered twice.
    await probe.send(first);
    await probe.send(first);
    await probe.resultOf(first, 2);
    const [once, again] = probe.resultsOf(first);
    expect(again).toEqual(once);
    expect(once).toMatchObject({
      result: 'SUCCESS',
      output: { response: { data: { identifier: expectedId } } },
    });

    // The orchestrator retries the node run: attempt 2, same node run.
    const retry = upsertDispatch(ORG, config, { runId: first.runId, nodeRunId: first.nodeRunId, attempt: 2 });
    const retried = await probe.run(retry);
    expect(retried).toMatchObject({
      result: 'SUCCESS',
      output: { response: { data: { identifier: expectedId } } },
    });

    const listed = await person.get('/v1/blueprints/service/entities');
    const generated = (listed.data.entities as Array<{ identifier: string; title: string }>).filter(
      (entity) => entity.title === 'generated',
    );
    expect(generated.map((entity) => entity.identifier)).toEqual([expectedId]);
    // The retry found the entity as the first attempt left it: nothing was written again.
    const dataOf = (result: NodeCompletedMessage) =>
      (result.output as { response: { data: { createdAt: string; updatedAt: string } } }).response.data;
    expect(dataOf(retried).updatedAt).toBe(dataOf(once).updatedAt);
    const [firstChange] = await waitFor(() =>
      changesOf(expectedId).length > 0 ? changesOf(expectedId) : undefined,
    );
    expect(firstChange).toMatchObject({ action: 'CREATE', chainDepth: 1 });
  });

  it("fails a catalog 422 for good, with the catalog's message and field problems in the logs", async () => {
    const dispatch = upsertDispatch(ORG, {
      blueprintIdentifier: 'service',
      mapping: {
        identifier: 'svc-bad',
        properties: { language: 'cobol', replicas: -1 },
        relations: { owner: 'nobody' },
      },
    });
    const result = await probe.run(dispatch);
    expect(result).toMatchObject({
      status: 'COMPLETED',
      result: 'FAILED',
      failure: {
        code: 'CATALOG_VALIDATION_ERROR',
        retryable: false,
        message:
          'the catalog refused entity "svc-bad" of blueprint "service": HTTP 422: entity does not fit blueprint "service"',
      },
      output: { response: { status: 422, data: { ok: false, error: 'invalid_request' } } },
    });
    const lines = result.logs.map((line) => `${line.logLevel} ${line.log}`);
    expect(lines[0]).toBe(
      'ERROR the catalog refused entity "svc-bad" of blueprint "service": HTTP 422: entity does not fit blueprint "service"',
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ERROR properties\.language: /),
        expect.stringMatching(/^ERROR properties\.replicas: /),
        'ERROR relations.owner: no entity "nobody" in blueprint "team"',
      ]),
    );
    expect((await person.get('/v1/blueprints/service/entities/svc-bad')).status).toBe(404);
  });

  it('fails an unknown blueprint for good', async () => {
    const result = await probe.run(
      upsertDispatch(ORG, { blueprintIdentifier: 'no-such-blueprint', mapping: { identifier: 'x' } }),
    );
    expect(result).toMatchObject({
      result: 'FAILED',
      failure: {
        code: 'BLUEPRINT_NOT_FOUND',
        retryable: false,
        message:
          'the catalog refused entity "x" of blueprint "no-such-blueprint": HTTP 404: blueprint "no-such-blueprint" was not found',
      },
    });
  });

  it('fails a template error without calling the catalog', async () => {
    const result = await probe.run(
      upsertDispatch(ORG, {
        blueprintIdentifier: 'service',
        mapping: { identifier: 'svc-template', title: '{{ .outputs.trigger.replicas + "x" }}' },
      }),
    );
    expect(result).toMatchObject({ result: 'FAILED', failure: { code: 'TEMPLATE_ERROR', retryable: false } });
    expect(result.logs[0].log).toContain('template error at mapping.title');
    expect((await person.get('/v1/blueprints/service/entities/svc-template')).status).toBe(404);
  });

  it('fails a mapping of the wrong shape as INVALID_CONFIG', async () => {
    const result = await probe.run(
      upsertDispatch(ORG, {
        blueprintIdentifier: 'service',
        mapping: { identifier: 'x', properties: '{{ [1] }}' },
      }),
    );
    expect(result).toMatchObject({
      result: 'FAILED',
      failure: {
        code: 'INVALID_CONFIG',
        retryable: false,
        message: 'invalid UPSERT_ENTITY config: mapping.properties must be an object, got an array',
      },
    });
  });

  it('serves health and OpenAPI', async () => {
    const ready = await axios.get(`${executor.baseUrl}/health/ready`);
    expect(ready.data).toEqual({ ok: true, status: 'ready', checks: { postgres: 'up', kafka: 'up' } });
    expect((await axios.get(`${executor.baseUrl}/docs-json`)).status).toBe(200);
  });
});
