import { RUN_CREATED_HEADER, RUN_EVENT_TYPE_HEADER } from '@flowline/contracts';
import { StopSignal } from '@flowline/nest-observability';
import { announcesNewRun, RunCreationEvents } from './run-creation-events';

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

describe('waiting for a run while the service stops', () => {
  const settings = { serviceName: 'triggers', brokers: ['127.0.0.1:9'] };

  it('ends every wait at once, unanswered, when the stop signal is announced', async () => {
    const events = new RunCreationEvents(settings);
    const signal = new StopSignal();
    events.stopWaitingOn(signal);
    const first = events.waitFor('wfr_aaaaaaaaaaaaaaaa', 60_000);
    const second = events.waitFor('wfr_aaaaaaaaaaaaaaaa', 60_000);
    const other = events.waitFor('wfr_bbbbbbbbbbbbbbbb', 60_000);
    signal.announce();
    await expect(Promise.all([first, second, other])).resolves.toEqual([undefined, undefined, undefined]);
    // A submission arriving while the service drains is not held either.
    await expect(events.waitFor('wfr_cccccccccccccccc', 60_000)).resolves.toBeUndefined();
  });
});
