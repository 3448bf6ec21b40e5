import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeWorkflow } from '../normalize/normalize-workflow';
import { collectJqSources } from './jq-expressions';

describe('collectJqSources', () => {
  it('finds every JQ program of the reference end-to-end example', () => {
    const input = JSON.parse(
      readFileSync(join(__dirname, '../__fixtures__/reference-deploy-with-condition.json'), 'utf8'),
    ) as unknown;
    const sources = collectJqSources(normalizeWorkflow(input).workflow as unknown as Record<string, unknown>);
    expect(sources.map((s) => `${s.path} :: ${s.expression}`)).toEqual(
      [
        'nodes[1].config.options[0].expression :: .outputs.trigger.environment == "production"',
        'nodes[1].config.options[1].expression :: .outputs.trigger.environment != "production"',
        'nodes[2].config.headers.Authorization :: .secrets["deploy-token"]',
        'nodes[2].config.body.service :: .outputs.trigger.service',
        'nodes[2].config.body.version :: .outputs.trigger.version',
        'nodes[3].config.url :: .outputs.trigger.environment',
        'nodes[3].config.body.service :: .outputs.trigger.service',
        'nodes[3].config.body.version :: .outputs.trigger.version',
        'nodes[4].config.mapping.identifier :: .outputs.trigger.service',
        'nodes[4].config.mapping.properties.lastDeployedVersion :: .outputs.trigger.version',
        'nodes[4].config.mapping.properties.lastDeployedAt :: now | todateiso8601',
        'nodes[4].config.mapping.relations.environment :: .outputs.trigger.environment',
      ].filter((line) => !line.endsWith(':: never')),
    );
    expect(sources.find((s) => s.path === 'nodes[3].config.url')?.template).toBe(
      'https://deploy.example.com/{{ .outputs.trigger.environment }}',
    );
  });

  it('leaves trigger titles and descriptions alone: only action configs are templated', () => {
    const workflow = {
      nodes: [
        {
          identifier: 'trigger',
          config: {
            type: 'SELF_SERVE_TRIGGER',
            userInputs: { properties: { a: { type: 'string', title: '{{ not jq' } } },
          },
        },
        {
          identifier: 'c',
          config: { type: 'CONDITION', options: [{ identifier: 'o', title: '{{ x', expression: '.a' }] },
        },
      ],
    };
    expect(collectJqSources(workflow).map((s) => s.expression)).toEqual(['.a']);
  });
});
