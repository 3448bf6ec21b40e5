import { StopSignal } from './stop-signal';

describe('StopSignal', () => {
  it('tells each listener once, when announced', () => {
    const signal = new StopSignal();
    const heard: string[] = [];
    signal.listen(() => heard.push('a'));
    signal.listen(() => heard.push('b'));
    expect(signal.stopping).toBe(false);
    expect(heard).toEqual([]);
    signal.announce();
    signal.announce();
    expect(signal.stopping).toBe(true);
    expect(heard).toEqual(['a', 'b']);
  });

  it('calls a listener added after the announcement at once', () => {
    const signal = new StopSignal();
    signal.announce();
    const listener = jest.fn();
    signal.listen(listener);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('does not call a removed listener', () => {
    const signal = new StopSignal();
    const listener = jest.fn();
    const remove = signal.listen(listener);
    remove();
    signal.announce();
    expect(listener).not.toHaveBeenCalled();
  });

  it('tells every listener even when one throws, then reports the failure', () => {
    const signal = new StopSignal();
    const after = jest.fn();
    signal.listen(() => {
      throw new Error('broken listener');
    });
    signal.listen(after);
    expect(() => signal.announce()).toThrow('stop listeners failed');
    expect(after).toHaveBeenCalledTimes(1);
  });
});
