import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createMessage, EnvelopeMessage } from './envelope';

describe('message envelope', () => {
  it('puts id, type, occurredAt and orgId beside the payload', () => {
    const message = createMessage(
      'RUN_REQUESTED',
      'org_1',
      { runId: 'wfr_x' },
      new Date('2026-01-02T03:04:05Z'),
    );
    expect(message).toEqual({
      id: expect.stringMatching(/^msg_/),
      type: 'RUN_REQUESTED',
      occurredAt: '2026-01-02T03:04:05.000Z',
      orgId: 'org_1',
      runId: 'wfr_x',
    });
  });

  it('validates as an envelope', () => {
    const message = createMessage('X', 'org_1', {});
    expect(validateSync(plainToInstance(EnvelopeMessage, message))).toHaveLength(0);
  });

  it('reports every missing envelope field', () => {
    const errors = validateSync(plainToInstance(EnvelopeMessage, { occurredAt: 'yesterday' }));
    expect(errors.map((e) => e.property).sort()).toEqual(['id', 'occurredAt', 'orgId', 'type']);
  });
});
