import { checkActionShape } from './action-definition';

const paths = (body: unknown, pathIdentifier?: string) =>
  checkActionShape(body, pathIdentifier).map((p) => p.path);

describe('checkActionShape', () => {
  const valid = {
    identifier: 'deploy',
    trigger: { type: 'self-service', operation: 'CREATE', userInputs: { properties: {} } },
    invocationMethod: { type: 'WEBHOOK', url: 'https://x.example.com' },
  };

  it('accepts Port’s v2 self-service and automation actions', () => {
    expect(paths(valid)).toEqual([]);
    expect(
      paths({
        ...valid,
        trigger: { type: 'automation', event: { type: 'RUN_UPDATED', actionIdentifier: 'deploy' } },
        requiredApproval: { type: 'ANY' },
        publish: true,
      }),
    ).toEqual([]);
  });

  it('names every problem by its path', () => {
    expect(
      paths({
        identifier: 'no spaces',
        title: 3,
        trigger: { type: 'self-service', operation: 'DAY-2', userInputs: [] },
        invocationMethod: { type: 'FAX' },
        requiredApproval: 'yes',
      }),
    ).toEqual([
      'identifier',
      'title',
      'requiredApproval',
      'trigger.userInputs',
      'trigger.blueprintIdentifier',
      'invocationMethod.type',
    ]);
    expect(paths({ ...valid, trigger: { type: 'automation', event: { type: 'ENTITY_UPDATED' } } })).toEqual([
      'trigger.event.blueprintIdentifier',
    ]);
    expect(paths({ ...valid, trigger: { type: 'automation', event: { type: 'RUN_CREATED' } } })).toEqual([
      'trigger.event.actionIdentifier',
    ]);
    expect(paths(valid, 'other')).toEqual(['identifier']);
  });
});
