import { node, problemsOfConfig, workflowWith } from '../../__fixtures__/builders';
import { normalizeWorkflow } from '../../normalize/normalize-workflow';

const at = 'nodes[1].config';

describe('WEBHOOK', () => {
  it('accepts a minimal webhook and fills method POST and synchronized true', async () => {
    const workflow = workflowWith([node('n', { type: 'WEBHOOK', url: 'https://example.com' })]);
    expect(await problemsOfConfig({ type: 'WEBHOOK', url: 'https://example.com' })).toEqual([]);
    expect(normalizeWorkflow(workflow).workflow.nodes[1].config).toEqual({
      type: 'WEBHOOK',
      url: 'https://example.com',
      method: 'POST',
      synchronized: true,
    });
  });

  it('accepts every method (any case), headers, object or array bodies and async calls', async () => {
    for (const method of ['GET', 'post', 'Put', 'PATCH', 'delete']) {
      expect(await problemsOfConfig({ type: 'WEBHOOK', url: 'https://x.io', method })).toEqual([]);
    }
    const full = {
      type: 'WEBHOOK',
      url: 'https://{{ .secrets.host }}/hooks/{{ .outputs.trigger.id }}',
      headers: { 'X-Run': '{{ .workflowRun.identifier }}' },
      body: [{ a: '{{ .outputs.trigger | tojson }}' }],
      synchronized: false,
      agent: false,
    };
    expect(await problemsOfConfig(full)).toEqual([]);
  });

  it('checks a URL without templates now, and leaves templated ones to run time', async () => {
    expect(await problemsOfConfig({ type: 'WEBHOOK', url: 'example.com/hook' })).toEqual([
      `INVALID_FIELD ${at}.url`,
    ]);
    expect(await problemsOfConfig({ type: 'WEBHOOK', url: 'ftp://example.com' })).toEqual([
      `INVALID_FIELD ${at}.url`,
    ]);
    expect(await problemsOfConfig({ type: 'WEBHOOK', url: '{{ .secrets.hookUrl }}' })).toEqual([]);
  });

  it('reports each bad field', async () => {
    const bad = {
      type: 'WEBHOOK',
      method: 'FETCH',
      headers: { a: 1 },
      body: 'text',
      synchronized: 'yes',
      retries: 3,
    };
    expect(await problemsOfConfig(bad)).toEqual([
      `INVALID_FIELD ${at}.body`,
      `INVALID_FIELD ${at}.headers`,
      `INVALID_FIELD ${at}.method`,
      `INVALID_FIELD ${at}.synchronized`,
      `INVALID_FIELD ${at}.url`,
      `UNKNOWN_FIELD ${at}.retries`,
    ]);
  });

  it('compiles every template in url, header names and values, and body', async () => {
    const config = {
      type: 'WEBHOOK',
      url: 'https://x.io/{{ .a | }}',
      headers: { '{{ .name( }}': 'v', ok: 'Bearer {{ .secrets["t"] }} and {{ now | date "2006-01-02" }}' },
      body: { list: ['{{ .x }}', '{{ [ }}'] },
    };
    expect(await problemsOfConfig(config)).toEqual([
      `JQ_SYNTAX ${at}.body.list[1]`,
      `JQ_SYNTAX ${at}.headers.ok`,
      `JQ_SYNTAX ${at}.headers["{{ .name( }}"]`,
      `JQ_SYNTAX ${at}.url`,
    ]);
  });
});

describe('KAFKA', () => {
  it('accepts an object or array payload', async () => {
    expect(await problemsOfConfig({ type: 'KAFKA', payload: { a: '{{ .outputs.trigger }}' } })).toEqual([]);
    expect(await problemsOfConfig({ type: 'KAFKA', payload: [1, 2] })).toEqual([]);
  });

  it('takes no payload (the default one is sent), or a payload that is an object or array', async () => {
    expect(await problemsOfConfig({ type: 'KAFKA' })).toEqual([]);
    expect(await problemsOfConfig({ type: 'KAFKA', payload: 'x', partition: 1 })).toEqual([
      `INVALID_FIELD ${at}.payload`,
      `UNKNOWN_FIELD ${at}.partition`,
    ]);
  });

  it('accepts an org topic and synchronized: false (Flowline extensions), checking their types', async () => {
    const config = { type: 'KAFKA', payload: {}, topic: '{{ .outputs.trigger.org }}.deploys' };
    expect(await problemsOfConfig({ ...config, synchronized: false })).toEqual([]);
    expect((await problemsOfConfig({ ...config, topic: '', synchronized: 'no' })).sort()).toEqual([
      `INVALID_FIELD ${at}.synchronized`,
      `INVALID_FIELD ${at}.topic`,
    ]);
  });
});

describe('UPSERT_ENTITY', () => {
  it('accepts a templated blueprint and a full mapping', async () => {
    const config = {
      type: 'UPSERT_ENTITY',
      blueprintIdentifier: '{{ .outputs.trigger.diff.after.blueprint }}',
      mapping: {
        identifier: 'svc-{{ .outputs.trigger.name }}',
        title: null,
        icon: 'Service',
        team: '{{ .outputs.trigger.team }}',
        properties: { nested: { deep: ['{{ 1 + 1 }}'] } },
        relations: { deps: '{{ .outputs.trigger.deps | fromjson }}', owner: null, many: ['a', 'b'] },
      },
    };
    expect(await problemsOfConfig(config)).toEqual([]);
    expect(
      await problemsOfConfig({ type: 'UPSERT_ENTITY', blueprintIdentifier: 'service', mapping: {} }),
    ).toEqual([]);
  });

  it('reports a missing blueprint or mapping and bad mapping fields', async () => {
    expect(await problemsOfConfig({ type: 'UPSERT_ENTITY' })).toEqual([
      `INVALID_FIELD ${at}.blueprintIdentifier`,
      `INVALID_FIELD ${at}.mapping`,
    ]);
    const mapping = { team: 7, relations: { a: 1 }, properties: [], colour: 'red' };
    expect(await problemsOfConfig({ type: 'UPSERT_ENTITY', blueprintIdentifier: 'b', mapping })).toEqual([
      `INVALID_FIELD ${at}.mapping.properties`,
      `INVALID_FIELD ${at}.mapping.relations`,
      `INVALID_FIELD ${at}.mapping.team`,
      `UNKNOWN_FIELD ${at}.mapping.colour`,
    ]);
  });
});
