import { describeProblems, readDefinition, withoutServerFields } from './workflow-definition';

function workflow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    identifier: 'deploy',
    title: 'Deploy',
    nodes: [
      { identifier: 'trigger', config: { type: 'SELF_SERVE_TRIGGER', userInputs: { properties: {} } } },
      {
        identifier: 'check',
        config: {
          type: 'CONDITION',
          outlets: [{ identifier: 'yes', expression: '.outputs.trigger | length > 0' }],
        },
      },
      { identifier: 'call', config: { type: 'WEBHOOK', url: 'https://example.com/hook' } },
    ],
    connections: [
      { sourceIdentifier: 'trigger', targetIdentifier: 'check' },
      { sourceIdentifier: 'check', targetIdentifier: 'call', sourceOutletIdentifier: 'yes' },
    ],
    ...overrides,
  };
}

describe('reading a workflow definition', () => {
  it('keeps what the client sent and the canonical form beside it', async () => {
    const reading = await readDefinition(workflow());
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(reading.definition.identifier).toBe('deploy');
    expect(reading.definition.submitted).toEqual(workflow());
    const canonical = reading.definition.canonical as { nodes: Array<{ config: Record<string, unknown> }> };
    expect(canonical.nodes[1].config['options']).toEqual([
      { identifier: 'yes', expression: '.outputs.trigger | length > 0' },
    ]);
    expect(reading.definition.canonical['allowAnyoneToViewRuns']).toBe(true);
  });

  it('drops server-owned fields a client echoes back', async () => {
    const echoed = workflow({
      orgId: 'org_x',
      version: 7,
      createdAt: 'x',
      isDeleted: false,
      deletedAt: null,
    });
    const reading = await readDefinition(echoed);
    expect(reading.ok).toBe(true);
    expect(reading.ok && reading.definition.submitted).toEqual(workflow());
  });

  it('reports every problem with its path in the client spelling', async () => {
    const bad = workflow();
    (bad['nodes'] as Array<{ config: Record<string, unknown> }>)[1].config['outlets'] = [
      { identifier: 'yes', expression: '.outputs | ((' },
    ];
    (bad['nodes'] as Array<{ config: Record<string, unknown> }>)[2].config['url'] = 42;
    const reading = await readDefinition(bad);
    expect(reading.ok).toBe(false);
    const problems = reading.ok ? [] : reading.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'nodes[1].config.outlets[0].expression', code: 'JQ_SYNTAX' }),
        expect.objectContaining({ path: 'nodes[2].config.url' }),
      ]),
    );
  });

  it('takes the identifier from the path on PUT, and refuses another one', async () => {
    const { identifier: _dropped, ...withoutIdentifier } = workflow();
    const filled = await readDefinition(withoutIdentifier, 'deploy');
    expect(filled.ok && filled.definition.submitted['identifier']).toBe('deploy');

    const other = await readDefinition(workflow(), 'release');
    expect(other.ok).toBe(false);
    expect(!other.ok && other.problems[0]).toMatchObject({ path: 'identifier', code: 'INVALID_FIELD' });
  });

  it('refuses what is not an object', async () => {
    for (const body of [[], 'text', null, 42]) {
      const reading = await readDefinition(body);
      expect(reading.ok).toBe(false);
      expect(!reading.ok && reading.problems[0].code).toBe('INVALID_JSON');
    }
  });

  it('summarises problems for the error message', () => {
    const problems = [1, 2, 3, 4].map((n) => ({
      path: `nodes[${n}]`,
      code: 'INVALID_FIELD' as const,
      message: 'bad',
    }));
    expect(describeProblems(problems)).toBe(
      'the workflow definition has 4 problem(s): nodes[1]: bad; nodes[2]: bad; nodes[3]: bad; and 1 more',
    );
  });

  it('strips only server-owned fields', () => {
    expect(withoutServerFields({ identifier: 'a', version: 2, updatedBy: 'x', title: 't' })).toEqual({
      identifier: 'a',
      title: 't',
    });
  });
});
