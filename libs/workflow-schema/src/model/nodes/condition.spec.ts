import { node, problemsOf, problemsOfConfig } from '../../__fixtures__/builders';

const at = 'nodes[1].config';
const option = (identifier: string, expression = 'true') => ({ identifier, expression });
const webhook = (identifier: string) => node(identifier, { type: 'WEBHOOK', url: 'https://x.io' });

describe('CONDITION', () => {
  it('accepts options with titles and labels', async () => {
    const options = [
      { identifier: 'a', title: 'A', expression: '.outputs.trigger.x == 1', statusLabel: 'Took A' },
      option('b'),
    ];
    expect(await problemsOfConfig({ type: 'CONDITION', options }, { onFailure: 'continue' })).toEqual([]);
  });

  it('requires at least one well-formed option', async () => {
    expect(await problemsOfConfig({ type: 'CONDITION' })).toEqual([`INVALID_FIELD ${at}.options`]);
    expect(await problemsOfConfig({ type: 'CONDITION', options: [] })).toEqual([
      `INVALID_FIELD ${at}.options`,
    ]);
    const options = [
      { identifier: 'bad id', expression: '' },
      'x',
      { identifier: 'c', expression: 'true', weight: 1 },
    ];
    expect(await problemsOfConfig({ type: 'CONDITION', options })).toEqual([
      `INVALID_FIELD ${at}.options[0].expression`,
      `INVALID_FIELD ${at}.options[1]`,
      `INVALID_IDENTIFIER ${at}.options[0].identifier`,
      `UNKNOWN_FIELD ${at}.options[2].weight`,
    ]);
  });

  it('refuses two options with one identifier', async () => {
    expect(await problemsOfConfig({ type: 'CONDITION', options: [option('a'), option('a')] })).toEqual([
      `DUPLICATE_OPTION_IDENTIFIER ${at}.options[1].identifier`,
    ]);
  });

  it('compiles option expressions as bare JQ', async () => {
    expect(
      await problemsOfConfig({ type: 'CONDITION', options: [option('a', '.x =='), option('b', '{{ .x }}')] }),
    ).toEqual([`JQ_SYNTAX ${at}.options[0].expression`, `JQ_SYNTAX ${at}.options[1].expression`]);
  });

  it('takes no retry or timeout: it runs inside the orchestrator', async () => {
    const workflow = {
      identifier: 'wf',
      nodes: [
        node('trigger', { type: 'SELF_SERVE_TRIGGER' }),
        node(
          'c',
          { type: 'CONDITION', options: [option('a')] },
          { retry: { maxAttempts: 2 }, timeoutSeconds: 5 },
        ),
        webhook('w'),
      ],
      connections: [
        { sourceIdentifier: 'trigger', targetIdentifier: 'c' },
        { sourceIdentifier: 'c', targetIdentifier: 'w', sourceOptionIdentifier: 'a' },
      ],
    };
    expect(await problemsOf(workflow)).toEqual([
      'INVALID_FIELD nodes[1].retry',
      'INVALID_FIELD nodes[1].timeoutSeconds',
    ]);
  });
});
