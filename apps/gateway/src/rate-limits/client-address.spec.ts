import { clientAddress } from './client-address';

describe('clientAddress', () => {
  it('is the TCP peer when X-Forwarded-For is not trusted, whatever the caller claims', () => {
    expect(clientAddress('198.51.100.7', '10.0.0.5', false)).toBe('10.0.0.5');
  });

  it('is the hop the trusted proxy added, not the ones the caller claimed before it', () => {
    expect(clientAddress('1.1.1.1, 198.51.100.7', '10.0.0.5', true)).toBe('198.51.100.7');
    expect(clientAddress(['1.1.1.1', '198.51.100.7'], '10.0.0.5', true)).toBe('198.51.100.7');
  });

  it('falls back to the peer when the trusted header is missing or empty', () => {
    expect(clientAddress(undefined, '10.0.0.5', true)).toBe('10.0.0.5');
    expect(clientAddress('1.1.1.1, ', '10.0.0.5', true)).toBe('10.0.0.5');
    expect(clientAddress(undefined, undefined, false)).toBe('unknown');
  });
});
