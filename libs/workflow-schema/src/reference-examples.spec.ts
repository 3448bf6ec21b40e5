import { loadFixtures } from './__fixtures__/load-fixtures';
import { normalizeWorkflow } from './normalize/normalize-workflow';
import { validateWorkflow } from './validation/validate-workflow';

// The examples of reference/port-workflows.md (§3-§7; node-only examples wrapped in a workflow) and
// the alias spellings it says to accept (§5.4, §6, §13), compiled with the real jq.
describe('reference examples', () => {
  const fixtures = loadFixtures();

  it('has every example', () => {
    expect(fixtures.map(([name]) => name)).toEqual([
      'alias-condition-connection-identifiers.json',
      'alias-condition-outlets.json',
      'alias-integration-action-beta.json',
      'alias-integration-action-ocean.json',
      'reference-condition.json',
      'reference-deploy-with-condition.json',
      'reference-event-trigger.json',
      'reference-kafka.json',
      'reference-self-serve-trigger.json',
      'reference-upsert-entity.json',
      'reference-webhook.json',
    ]);
  });

  it.each(fixtures)('%s validates with no problems', async (_name, fixture) => {
    const result = await validateWorkflow(fixture);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.workflow).toEqual(normalizeWorkflow(fixture).workflow);
  });

  it.each(fixtures)('%s is unchanged by validation', async (_name, fixture) => {
    const before = JSON.stringify(fixture);
    await validateWorkflow(fixture);
    expect(JSON.stringify(fixture)).toBe(before);
  });

  it.each(fixtures)('%s is a fixed point of normalisation', (_name, fixture) => {
    const once = normalizeWorkflow(fixture).workflow;
    const twice = normalizeWorkflow(once);
    expect(twice.workflow).toEqual(once);
    expect(twice.aliases).toEqual([]);
    expect(twice.problems).toEqual([]);
  });
});
