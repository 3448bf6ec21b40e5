import { isId, newId } from './ids';

describe('ids', () => {
  it('makes run ids of the reference shape: wfr_ and 16 alphanumerics', () => {
    const id = newId('workflowRun');
    expect(id).toMatch(/^wfr_[A-Za-z0-9]{16}$/);
    expect(isId('workflowRun', id)).toBe(true);
    expect(isId('workflowNodeRun', id)).toBe(false);
  });

  it('makes node run ids with the wfnr_ prefix', () => {
    expect(newId('workflowNodeRun')).toMatch(/^wfnr_[A-Za-z0-9]{16}$/);
  });

  it('does not repeat itself', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId('message')));
    expect(ids.size).toBe(10_000);
  });

  it('rejects what is not an id', () => {
    expect(isId('workflowRun', 'wfr_short')).toBe(false);
    expect(isId('workflowRun', 42)).toBe(false);
    expect(isId('workflowRun', 'wfr_abcdefghijklmno!')).toBe(false);
  });
});
