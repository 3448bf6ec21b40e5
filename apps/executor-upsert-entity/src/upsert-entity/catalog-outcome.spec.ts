import { CatalogCallError } from '../catalog/catalog-client';
import { catalogCallFailureOutcome, catalogOutcome, classifyCatalogStatus } from './catalog-outcome';
import { type EntityUpsert } from './entity-upsert';

const upsert: EntityUpsert = {
  blueprint: 'service',
  body: { identifier: 'svc-a', properties: { language: 'cobol' } },
  generatedIdentifier: false,
};
const entity = { identifier: 'svc-a', blueprint: 'service', title: null, properties: { language: 'ts' } };

describe('classifyCatalogStatus', () => {
  it.each([
    [422, 'CATALOG_VALIDATION_ERROR', false],
    [404, 'BLUEPRINT_NOT_FOUND', false],
    [401, 'CATALOG_FORBIDDEN', false],
    [403, 'CATALOG_FORBIDDEN', false],
    [400, 'CATALOG_REFUSED', false],
    [413, 'CATALOG_REFUSED', false],
    [409, 'CATALOG_UNAVAILABLE', true],
    [429, 'CATALOG_UNAVAILABLE', true],
    [500, 'CATALOG_UNAVAILABLE', true],
    [503, 'CATALOG_UNAVAILABLE', true],
  ])('HTTP %i is %s (retryable: %p)', (status, code, retryable) => {
    expect(classifyCatalogStatus(status)).toEqual({ code, retryable });
  });
});

describe('catalogOutcome', () => {
  it("succeeds with Port's {response: {status, data: entity}}", () => {
    const result = catalogOutcome(upsert, { status: 201, body: { ok: true, entity }, durationMs: 12 });
    expect(result).toEqual({
      status: 'COMPLETED',
      result: 'SUCCESS',
      output: { response: { status: 201, data: entity } },
      logs: [{ logLevel: 'INFO', log: 'upserted entity "svc-a" of blueprint "service": HTTP 201 (12 ms)' }],
    });
  });

  it('says when the identifier was generated', () => {
    const result = catalogOutcome(
      { ...upsert, generatedIdentifier: true },
      { status: 201, body: { ok: true, entity }, durationMs: 1 },
    );
    expect(result.logs[0].log).toContain('(generated identifier)');
  });

  it("fails a 422 for good, with the catalog's message and every field problem in the logs", () => {
    const body = {
      ok: false,
      error: 'invalid_request',
      message: 'entity does not fit blueprint "service"',
      details: [
        { path: 'properties.language', message: 'must be one of go, ts, python' },
        { path: 'relations.team', message: 'no entity "t" in blueprint "team"' },
      ],
    };
    expect(catalogOutcome(upsert, { status: 422, body, durationMs: 3 })).toEqual({
      status: 'COMPLETED',
      result: 'FAILED',
      failure: {
        code: 'CATALOG_VALIDATION_ERROR',
        retryable: false,
        message:
          'the catalog refused entity "svc-a" of blueprint "service": HTTP 422: entity does not fit blueprint "service"',
      },
      output: { response: { status: 422, data: body } },
      logs: [
        {
          logLevel: 'ERROR',
          log: 'the catalog refused entity "svc-a" of blueprint "service": HTTP 422: entity does not fit blueprint "service"',
        },
        { logLevel: 'ERROR', log: 'properties.language: must be one of go, ts, python' },
        { logLevel: 'ERROR', log: 'relations.team: no entity "t" in blueprint "team"' },
      ],
    });
  });

  it('fails a missing blueprint for good and a server error for now', () => {
    const notFound = catalogOutcome(upsert, {
      status: 404,
      body: { ok: false, error: 'not_found', message: 'blueprint "service" was not found' },
      durationMs: 1,
    });
    expect(notFound).toMatchObject({
      failure: {
        code: 'BLUEPRINT_NOT_FOUND',
        retryable: false,
        message:
          'the catalog refused entity "svc-a" of blueprint "service": HTTP 404: blueprint "service" was not found',
      },
    });
    const down = catalogOutcome(upsert, { status: 502, body: '<html>bad gateway</html>', durationMs: 1 });
    expect(down).toMatchObject({ failure: { code: 'CATALOG_UNAVAILABLE', retryable: true } });
    expect(down.logs.map((line) => line.log)).toEqual([
      'the catalog refused entity "svc-a" of blueprint "service": HTTP 502',
      'answer: <html>bad gateway</html>',
    ]);
  });

  it('fails a 2xx without an entity as retryable (the upsert is idempotent)', () => {
    expect(catalogOutcome(upsert, { status: 200, body: { ok: true }, durationMs: 1 })).toMatchObject({
      result: 'FAILED',
      failure: { code: 'CATALOG_BAD_RESPONSE', retryable: true },
    });
  });
});

describe('catalogCallFailureOutcome', () => {
  it.each([
    ['network', 'NETWORK_ERROR'],
    ['timeout', 'TIMEOUT'],
    ['aborted', 'DEADLINE_EXCEEDED'],
  ] as const)('a %s failure is %s, retryable', (kind, code) => {
    const result = catalogCallFailureOutcome(upsert, new CatalogCallError(kind, 'connect ECONNREFUSED'));
    expect(result).toMatchObject({
      result: 'FAILED',
      failure: {
        code,
        retryable: true,
        message: 'upserting entity "svc-a" of blueprint "service" failed: connect ECONNREFUSED',
      },
    });
  });
});
