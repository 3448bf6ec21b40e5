import {
  fixKafkajsIdleLoop,
  type RequestQueueInternals,
  scheduleCheckPendingRequests,
} from './request-queue-fix';

describe("kafkajs's request queue, without its idle timer loop", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const queue = (pending: unknown[], throttledUntil = -1) => {
    const checked = jest.fn();
    const internals: RequestQueueInternals = {
      pending,
      throttledUntil,
      throttleCheckTimeoutId: null,
      checkPendingRequests: checked,
    };
    return { internals, checked };
  };

  it('arms no timer when no request waits', () => {
    const { internals, checked } = queue([]);
    scheduleCheckPendingRequests.call(internals);
    expect(internals.throttleCheckTimeoutId).toBeNull();
    jest.advanceTimersByTime(1000);
    expect(checked).not.toHaveBeenCalled();
  });

  it('checks a waiting request once the broker no longer throttles, or soon when it does not', () => {
    const throttled = queue(['request'], Date.now() + 250);
    scheduleCheckPendingRequests.call(throttled.internals);
    jest.advanceTimersByTime(249);
    expect(throttled.checked).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(throttled.checked).toHaveBeenCalledTimes(1);
    expect(throttled.internals.throttleCheckTimeoutId).toBeNull();

    const overloaded = queue(['request']);
    scheduleCheckPendingRequests.call(overloaded.internals);
    scheduleCheckPendingRequests.call(overloaded.internals); // one timer at a time
    jest.advanceTimersByTime(10);
    expect(overloaded.checked).toHaveBeenCalledTimes(1);
  });

  it("replaces the installed kafkajs's own (2.2.4, the version with the loop)", () => {
    expect(fixKafkajsIdleLoop()).toBe(true);
    const RequestQueue = require('kafkajs/src/network/requestQueue') as {
      prototype: { scheduleCheckPendingRequests: unknown };
    };
    expect(RequestQueue.prototype.scheduleCheckPendingRequests).toBe(scheduleCheckPendingRequests);
  });
});
