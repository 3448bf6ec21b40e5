import { Json, node, problemsOf, selfServeTrigger } from '../../__fixtures__/builders';
import { normalizeWorkflow } from '../../normalize/normalize-workflow';

const onlyTrigger = (trigger: Json) => ({ identifier: 'wf', nodes: [trigger] });
const selfServe = (userInputs: Json, extra: Json = {}) =>
  onlyTrigger(node('trigger', { type: 'SELF_SERVE_TRIGGER', userInputs, ...extra }));
const event = (config: Json) => onlyTrigger(node('trigger', { type: 'EVENT_TRIGGER', ...config }));

describe('SELF_SERVE_TRIGGER', () => {
  it('accepts every input type and format, sections, steps and jqQuery forms', async () => {
    const userInputs = {
      properties: {
        name: { type: 'string', title: 'Name', minLength: 1, maxLength: 20, pattern: '^[a-z]+$' },
        notes: { type: 'string', format: 'multi-line', readOnly: false },
        plain: { type: 'string', format: 'none', encryption: 'none' },
        secret: { type: 'string', format: 'none', encryption: 'aes256-gcm' },
        service: {
          type: 'string',
          format: 'entity',
          blueprint: 'service',
          dataset: {
            combinator: 'and',
            rules: [{ property: 'team', operator: '=', value: { jqQuery: '.form.team' } }],
          },
          sort: { property: 'title', order: 'ASC' },
        },
        owner: { type: 'string', format: 'user', default: 'me@example.com' },
        team: { type: 'string', format: 'team' },
        when: { type: 'string', format: 'date-time', default: { jqQuery: 'now | todateiso8601' } },
        contact: { type: 'string', format: 'email', enum: ['a@example.com', 'b@example.com'] },
        link: { type: 'string', format: 'url' },
        manifest: { type: 'string', format: 'yaml' },
        readme: { type: 'string', format: 'markdown' },
        schema: { type: 'string', format: 'proto' },
        env: { type: 'string', enum: ['dev', 'prod'], enumColors: { dev: 'green' }, default: 'dev' },
        replicas: {
          type: 'number',
          minimum: 1,
          maximum: 10,
          exclusiveMinimum: 0,
          exclusiveMaximum: 11,
          enum: [1, 2, 3],
        },
        dryRun: { type: 'boolean', default: true, visible: { jqQuery: '.form.env == "prod"' } },
        tags: { type: 'array', items: { type: 'string' }, minItems: 0, maxItems: 5, uniqueItems: true },
        services: { type: 'array', items: { type: 'string', format: 'entity', blueprint: 'service' } },
        sizes: { type: 'array', items: { type: 'number', enum: [1, 2] } },
        links: { type: 'array', items: { type: 'object', format: 'labeled-url' } },
        regions: { type: 'array', enum: ['eu', 'us'] },
        config: {
          type: 'object',
          format: 'none',
          properties: { port: { type: 'number' } },
          required: ['port'],
          additionalProperties: false,
          patternProperties: { '^x-': { type: 'string' } },
        },
        docs: { type: 'object', format: 'labeled-url', dependsOn: ['link'] },
      },
      required: { jqQuery: 'if .form.env == "prod" then ["name", "service"] else ["name"] end' },
      order: ['name', 'service'],
      titles: { general: { title: 'General', description: 'Basics', visible: { jqQuery: 'true' } } },
      steps: [{ title: 'Step one', order: ['name'], visible: true }],
    };
    expect(
      await problemsOf(
        selfServe(userInputs, { actionCardButtonText: 'Deploy', executeActionButtonText: 'Go now' }),
      ),
    ).toEqual([]);
  });

  it('defaults userInputs to an empty form', async () => {
    const workflow = onlyTrigger(node('trigger', { type: 'SELF_SERVE_TRIGGER' }));
    expect(await problemsOf(workflow)).toEqual([]);
    expect(normalizeWorkflow(workflow).workflow.nodes[0].config).toEqual({
      type: 'SELF_SERVE_TRIGGER',
      userInputs: { properties: {} },
    });
  });

  it('reports each malformed input at its path', async () => {
    const base = 'nodes[0].config.userInputs';
    const userInputs = {
      properties: {
        kind: { type: 'text' },
        format: { type: 'string', format: 'phone' },
        entity: { type: 'string', format: 'entity' },
        title: { type: 'string', title: 'x'.repeat(141) },
        description: { type: 'string', description: 'x'.repeat(1001) },
        visible: { type: 'boolean', visible: 'yes' },
        badQuery: { type: 'string', default: { jqQuery: 1 } },
        unknown: { type: 'string', colour: 'red' },
        numbers: { type: 'number', enum: ['one'] },
        items: { type: 'array', items: { type: 'string', format: 'entity' } },
        labeled: { type: 'object', format: 'link' },
        notAnInput: 'string',
      },
      required: 3,
      titles: { section: { title: '' } },
      steps: [{ title: 'A step title that is far too long', order: ['kind'] }],
    };
    expect(await problemsOf(selfServe(userInputs, { executeActionButtonText: ' Go ' }))).toEqual([
      'INVALID_FIELD nodes[0].config.executeActionButtonText',
      `INVALID_FIELD ${base}.properties.badQuery.default`,
      `INVALID_FIELD ${base}.properties.description.description`,
      `INVALID_FIELD ${base}.properties.entity.blueprint`,
      `INVALID_FIELD ${base}.properties.format.format`,
      `INVALID_FIELD ${base}.properties.items.items.blueprint`,
      `INVALID_FIELD ${base}.properties.kind.type`,
      `INVALID_FIELD ${base}.properties.labeled.format`,
      `INVALID_FIELD ${base}.properties.notAnInput`,
      `INVALID_FIELD ${base}.properties.numbers.enum`,
      `INVALID_FIELD ${base}.properties.title.title`,
      `INVALID_FIELD ${base}.properties.visible.visible`,
      `INVALID_FIELD ${base}.required`,
      `INVALID_FIELD ${base}.steps[0].title`,
      `INVALID_FIELD ${base}.titles.section.title`,
      `UNKNOWN_FIELD ${base}.properties.unknown.colour`,
    ]);
  });

  it('requires userInputs.properties to be an object', async () => {
    expect(await problemsOf(selfServe({ properties: [] }))).toEqual([
      'INVALID_FIELD nodes[0].config.userInputs.properties',
    ]);
  });

  it('checks that required, order, steps and dependsOn name inputs of the form', async () => {
    const base = 'nodes[0].config.userInputs';
    const userInputs = {
      properties: { a: { type: 'string', dependsOn: ['ghost'] } },
      required: ['a', 'missing'],
      order: ['nope'],
      steps: [{ title: 'One', order: ['a', 'gone'] }],
    };
    expect(await problemsOf(selfServe(userInputs))).toEqual([
      `INVALID_FIELD ${base}.order[0]`,
      `INVALID_FIELD ${base}.properties.a.dependsOn[0]`,
      `INVALID_FIELD ${base}.required[1]`,
      `INVALID_FIELD ${base}.steps[0].order[1]`,
    ]);
  });

  it('checks literal defaults against their own input', async () => {
    const base = 'nodes[0].config.userInputs.properties';
    const userInputs = {
      properties: {
        count: { type: 'number', maximum: 3, default: 5 },
        env: { type: 'string', enum: ['dev'], default: 'prod' },
        mail: { type: 'string', format: 'email', default: 'not-an-email' },
        flag: { type: 'boolean', default: 'true' },
        fine: { type: 'string', default: { jqQuery: '"computed"' } },
      },
    };
    expect(await problemsOf(selfServe(userInputs))).toEqual([
      `INVALID_DEFAULT ${base}.count.default`,
      `INVALID_DEFAULT ${base}.env.default`,
      `INVALID_DEFAULT ${base}.flag.default`,
      `INVALID_DEFAULT ${base}.mail.default`,
    ]);
  });

  it('compiles form-time jqQueries', async () => {
    const base = 'nodes[0].config.userInputs';
    const userInputs = {
      properties: {
        a: { type: 'string', default: { jqQuery: '.form.' }, visible: { jqQuery: 'if then' } },
        e: {
          type: 'string',
          format: 'entity',
          blueprint: 'service',
          dataset: {
            combinator: 'or',
            rules: [{ combinator: 'and', rules: [{ value: { jqQuery: '][' } }] }],
          },
        },
      },
      required: { jqQuery: '[' },
      titles: { s: { title: 'S', visible: { jqQuery: '{' } } },
      steps: [{ title: 'One', order: [], visible: { jqQuery: ')' } }],
    };
    expect(await problemsOf(selfServe(userInputs))).toEqual([
      `JQ_SYNTAX ${base}.properties.a.default.jqQuery`,
      `JQ_SYNTAX ${base}.properties.a.visible.jqQuery`,
      `JQ_SYNTAX ${base}.properties.e.dataset.rules[0].rules[0].value.jqQuery`,
      `JQ_SYNTAX ${base}.required.jqQuery`,
      `JQ_SYNTAX ${base}.steps[0].visible.jqQuery`,
      `JQ_SYNTAX ${base}.titles.s.visible.jqQuery`,
    ]);
  });
});

describe('EVENT_TRIGGER', () => {
  it.each(['ENTITY_CREATED', 'ENTITY_UPDATED', 'ENTITY_DELETED', 'ANY_ENTITY_CHANGE'])(
    'accepts %s',
    async (type) => {
      expect(await problemsOf(event({ event: { type, blueprintIdentifier: 'service' } }))).toEqual([]);
    },
  );

  it('accepts TIMER_EXPIRED with its timer property, and the automation spelling TIMER_PROPERTY_EXPIRED', async () => {
    const timer = { blueprintIdentifier: 'service', propertyIdentifier: 'ttl' };
    expect(await problemsOf(event({ event: { type: 'TIMER_EXPIRED', ...timer } }))).toEqual([]);
    const automationSpelling = event({ event: { type: 'TIMER_PROPERTY_EXPIRED', ...timer } });
    expect(await problemsOf(automationSpelling)).toEqual([]);
    expect(normalizeWorkflow(automationSpelling).workflow.nodes[0].config).toMatchObject({
      event: { type: 'TIMER_EXPIRED' },
    });
  });

  it('accepts RUN_CREATED, RUN_UPDATED and ANY_RUN_CHANGE keyed on an action, and needs the action', async () => {
    for (const type of ['RUN_CREATED', 'RUN_UPDATED', 'ANY_RUN_CHANGE'])
      expect(await problemsOf(event({ event: { type, actionIdentifier: 'deploy' } }))).toEqual([]);
    expect(await problemsOf(event({ event: { type: 'RUN_UPDATED' } }))).toEqual([
      'INVALID_FIELD nodes[0].config.event.actionIdentifier',
    ]);
    expect(
      await problemsOf(event({ event: { type: 'ENTITY_UPDATED', actionIdentifier: 'deploy' } })),
    ).toEqual(['INVALID_FIELD nodes[0].config.event.blueprintIdentifier']);
  });

  it('accepts an or-condition and fills the and-combinator when omitted', async () => {
    const orCondition = {
      type: 'JQ',
      combinator: 'or',
      expressions: ['.action == "CREATE"', '.action == "DELETE"'],
    };
    expect(
      await problemsOf(
        event({
          event: { type: 'ANY_ENTITY_CHANGE', blueprintIdentifier: 'service' },
          condition: orCondition,
        }),
      ),
    ).toEqual([]);
    const implicit = event({
      event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
      condition: { type: 'JQ', expressions: ['true'] },
    });
    expect(normalizeWorkflow(implicit).workflow.nodes[0].config).toMatchObject({
      condition: { combinator: 'and' },
    });
  });

  it('reports bad events and conditions', async () => {
    const at = 'nodes[0].config';
    expect(
      await problemsOf(event({ event: { type: 'RUN_DELETED', blueprintIdentifier: 'service' } })),
    ).toEqual([`INVALID_FIELD ${at}.event.type`]);
    expect(await problemsOf(event({ event: { type: 'ENTITY_CREATED' } }))).toEqual([
      `INVALID_FIELD ${at}.event.blueprintIdentifier`,
    ]);
    expect(
      await problemsOf(event({ event: { type: 'TIMER_EXPIRED', blueprintIdentifier: 'service' } })),
    ).toEqual([`INVALID_FIELD ${at}.event.propertyIdentifier`]);
    expect(await problemsOf(event({}))).toEqual([`INVALID_FIELD ${at}.event`]);
    const badCondition = { type: 'CEL', combinator: 'xor', expressions: [] };
    expect(
      await problemsOf(
        event({ event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'b' }, condition: badCondition }),
      ),
    ).toEqual([
      `INVALID_FIELD ${at}.condition.combinator`,
      `INVALID_FIELD ${at}.condition.expressions`,
      `INVALID_FIELD ${at}.condition.type`,
    ]);
  });

  it('compiles condition expressions as bare JQ', async () => {
    const condition = { type: 'JQ', expressions: ['.diff.after != null', '.diff.after.properties.x =='] };
    const workflow = event({ event: { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' }, condition });
    expect(await problemsOf(workflow)).toEqual(['JQ_SYNTAX nodes[0].config.condition.expressions[1]']);
  });
});

describe('triggers in a workflow', () => {
  it('allows several triggers', async () => {
    const second = node('on-change', {
      type: 'EVENT_TRIGGER',
      event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
    });
    expect(await problemsOf({ identifier: 'wf', nodes: [selfServeTrigger(), second] })).toEqual([]);
  });
});
