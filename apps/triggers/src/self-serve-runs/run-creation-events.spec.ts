import { RUN_CREATED_HEADER, RUN_EVENT_TYPE_HEADER } from '@flowline/contracts';
import { announcesNewRun } from './run-creation-events';

describe('which run events the submitter parses', () => {
  it('parses the event marked as a run’s creation', () => {
    const headers = { [RUN_EVENT_TYPE_HEADER]: 'WORKFLOW_RUN_STATUS_CHANGED', [RUN_CREATED_HEADER]: '1' };
    expect(announcesNewRun(headers)).toBe(true);
  });

  it('skips every other typed event unparsed', () => {
    expect(announcesNewRun({ [RUN_EVENT_TYPE_HEADER]: 'NODE_RUN_STATUS_CHANGED' })).toBe(false);
    expect(announcesNewRun({ [RUN_EVENT_TYPE_HEADER]: 'WORKFLOW_RUN_STATUS_CHANGED' })).toBe(false);
  });

  it('parses an event without the type header (an orchestrator from before the header)', () => {
    expect(announcesNewRun(undefined)).toBe(true);
    expect(announcesNewRun({ 'x-flowline-idempotency-key': 'k' })).toBe(true);
  });
});
