import type { Workflow } from '../api/types';
import { parseEventStream } from '../api/run-events';
import { fieldErrorsOf, inputSchemaOf } from './input-schema';

describe('inputSchemaOf', () => {
  it('turns the trigger userInputs into a form schema in their order, entity formats as text', () => {
    const workflow: Workflow = {
      identifier: 'deploy',
      nodes: [
        {
          identifier: 'trigger',
          title: 'Deploy',
          config: {
            type: 'SELF_SERVE_TRIGGER',
            userInputs: {
              properties: {
                service: { type: 'string', format: 'entity', blueprint: 'service' },
                version: { type: 'string' },
              },
              required: ['service'],
              order: ['version', 'service'],
            },
          },
        },
      ],
      connections: [],
    };
    expect(inputSchemaOf(workflow)).toEqual({
      schema: {
        type: 'object',
        title: 'Deploy',
        properties: { service: { type: 'string' }, version: { type: 'string' } },
        required: ['service'],
      },
      uiSchema: { 'ui:order': ['version', 'service', '*'] },
    });
  });
});

describe('fieldErrorsOf', () => {
  it('puts each 422 problem at its field', () => {
    expect(
      fieldErrorsOf([
        { path: 'inputs.version', message: 'is required' },
        { path: 'inputs.version', message: 'must be a string' },
        { path: 'inputs.target.region', message: 'unknown' },
      ]),
    ).toEqual({
      version: { __errors: ['is required', 'must be a string'] },
      target: { region: { __errors: ['unknown'] } },
    });
  });
});

describe('parseEventStream', () => {
  it('splits complete events, skips heartbeats and keeps the unfinished rest', () => {
    const { events, rest } = parseEventStream(
      'event: run\ndata: {"status":"IN_PROGRESS"}\n\n: heartbeat\n\nevent: node-run\ndata: {"nodeIdent',
    );
    expect(events).toEqual([{ event: 'run', data: { status: 'IN_PROGRESS' } }]);
    expect(rest).toBe('event: node-run\ndata: {"nodeIdent');
  });
});
