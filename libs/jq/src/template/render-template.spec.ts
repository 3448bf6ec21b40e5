import { JqEngine } from '../engine/jq-engine';
import { JqCompileError, JqRuntimeError } from '../errors';
import { ReferencePool } from '../reference/reference-pool';

describe('JqEngine.renderTemplate', () => {
  const engine = new JqEngine({ poolSize: 2, timeoutMs: 2000 });
  afterAll(() => engine.close());

  const context = {
    outputs: {
      trigger: {
        service: 'svc-a',
        version: '1.2.3',
        environment: 'production',
        replicas: 3,
        deps: '["a","b"]',
      },
      'my-node': { id: 'n-1' },
    },
    secrets: { 'api-token': 't0k3n' },
    workflowNodeRun: { identifier: 'wfnr_Q1w2E3r4T5y6U7i8' },
  };

  it('renders the reference’s webhook and upsert examples', async () => {
    const config = {
      url: 'https://api.example.com/{{ .outputs.trigger.service }}/deploy',
      method: 'POST',
      headers: { Authorization: 'Bearer {{ .secrets["api-token"] }}' },
      body: {
        name: '{{ .outputs.trigger.service }}',
        replicas: '{{ .outputs.trigger.replicas }}',
        relations: { deps: '{{ .outputs.trigger.deps | fromjson }}' },
        node: '{{ .outputs["my-node"].id }}',
        dropped: '{{ null }}',
        count: 3,
        flag: true,
        tags: ['{{ .outputs.trigger.environment }}', 'static'],
      },
    };
    await expect(engine.renderTemplate(config, context)).resolves.toEqual({
      url: 'https://api.example.com/svc-a/deploy',
      method: 'POST',
      headers: { Authorization: 'Bearer t0k3n' },
      body: {
        name: 'svc-a',
        replicas: 3,
        relations: { deps: ['a', 'b'] },
        node: 'n-1',
        dropped: null,
        count: 3,
        flag: true,
        tags: ['production', 'static'],
      },
    });
  });

  it('turns a whole-value template into the raw value: one output as is, none as null, several as an array', async () => {
    await expect(engine.renderTemplate('{{ .outputs.trigger }}', context)).resolves.toEqual(
      context.outputs.trigger,
    );
    await expect(engine.renderTemplate('{{ empty }}', context)).resolves.toBeNull();
    await expect(
      engine.renderTemplate('{{ .outputs.trigger.service, .outputs.trigger.version }}', context),
    ).resolves.toEqual(['svc-a', '1.2.3']);
  });

  it('writes non-string values into mixed text as JSON, null included', async () => {
    await expect(
      engine.renderTemplate(
        'n={{ .outputs.trigger.replicas }} o={{ {a: 1} }} x={{ .missing }} s={{ "q" }}',
        context,
      ),
    ).resolves.toBe('n=3 o={"a":1} x=null s=q');
  });

  it('renders templates in object keys as text', async () => {
    await expect(
      engine.renderTemplate({ '{{ .outputs.trigger.service }}-id': '{{ 1 }}' }, context),
    ).resolves.toEqual({
      'svc-a-id': 1,
    });
  });

  it('leaves strings without templates, numbers, booleans and null alone', async () => {
    const value = { a: 'plain {{ not closed', b: 1, c: false, d: null, e: ['x'] };
    await expect(engine.renderTemplate(value, context)).resolves.toEqual(value);
  });

  it('sends the parts that need jq as one batched program', async () => {
    const run = jest.spyOn(ReferencePool.prototype, 'run');
    try {
      const rendered = await engine.renderTemplate(
        {
          a: '{{ [range(2)] }}',
          b: '{{ .outputs.trigger.service | ascii_downcase }}',
          c: 'x{{ [limit(2; repeat(1))] }}y',
          d: ['{{ "abc" | sub("b"; "B") }}', '{{ [range(2)] }}'],
        },
        context,
      );
      expect(rendered).toEqual({ a: [0, 1], b: 'svc-a', c: 'x[1,1]y', d: ['aBc', [0, 1]] });
      expect(run).toHaveBeenCalledTimes(1);
      expect(run.mock.calls[0][1].map((item) => item.expression)).toEqual([
        '[range(2)]',
        '[limit(2; repeat(1))]',
        '"abc" | sub("b"; "B")',
      ]);
    } finally {
      run.mockRestore();
    }
  });

  it('fails with the failing part’s own error, expression and path', async () => {
    const failing = engine.renderTemplate(
      { ok: '{{ [range(1)] }}', nested: { list: ['fine', 'bad {{ .outputs.trigger.service | error }}'] } },
      context,
    );
    await expect(failing).rejects.toBeInstanceOf(JqRuntimeError);
    await expect(failing).rejects.toMatchObject({
      message: 'svc-a',
      expression: '.outputs.trigger.service | error',
      path: 'nested.list[1]',
    });
    const compileFailure = engine.renderTemplate({ 'x-y': { z: '{{ now | date "2006" }}' } }, context);
    await expect(compileFailure).rejects.toBeInstanceOf(JqCompileError);
    await expect(compileFailure).rejects.toMatchObject({ path: '["x-y"].z' });
  });
});
