import { loadConfig } from './service-config';
import { BASE_ENV, problemsOf, TestConfig } from './__tests__/test-config';

describe('V8_INTERRUPT_BUDGET', () => {
  it('is 4096 bytes unless set, and 0 (keep V8 own) is allowed', () => {
    expect(loadConfig(TestConfig, BASE_ENV).V8_INTERRUPT_BUDGET).toBe(4096);
    expect(loadConfig(TestConfig, { ...BASE_ENV, V8_INTERRUPT_BUDGET: '0' }).V8_INTERRUPT_BUDGET).toBe(0);
    expect(loadConfig(TestConfig, { ...BASE_ENV, V8_INTERRUPT_BUDGET: '16384' }).V8_INTERRUPT_BUDGET).toBe(
      16384,
    );
  });

  it('refuses what is not a whole number of bytes from 0 to 1 MiB', () => {
    for (const value of ['-1', 'fast', '1.5', '2000000']) {
      expect(problemsOf({ V8_INTERRUPT_BUDGET: value })).toContain('V8_INTERRUPT_BUDGET');
    }
  });
});
