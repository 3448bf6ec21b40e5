import { AddressPolicy, AddressRefusedError, parseAllowlist } from './address-policy';

describe('parseAllowlist', () => {
  it('reads host names, addresses and CIDR ranges, and reports what it cannot read', () => {
    const { allowlist, invalid } = parseAllowlist(
      ' 127.0.0.1, Hooks.Internal ,10.0.0.0/8, ::1, fd00::/8,, bad host, 10.0.0.0/33',
    );
    expect([...allowlist.hosts]).toEqual(['hooks.internal']);
    expect(allowlist.ranges.map((range) => `${range.version}/${range.prefix}`)).toEqual([
      '4/32',
      '4/8',
      '6/128',
      '6/8',
    ]);
    expect(invalid).toEqual(['bad host', '10.0.0.0/33']);
  });

  it('refuses an allowlist with invalid entries at boot', () => {
    expect(() => AddressPolicy.fromAllowlist('http://x')).toThrow(
      'WEBHOOK_ALLOWED_HOSTS has invalid entries',
    );
  });
});

describe('AddressPolicy.refusal', () => {
  const strict = AddressPolicy.fromAllowlist('');

  it('allows public addresses and refuses the others with a clear reason', () => {
    expect(strict.refusal('example.com', '93.184.216.34')).toBeUndefined();
    const refusal = strict.refusal('metadata.internal', '169.254.169.254');
    expect(refusal).toBeInstanceOf(AddressRefusedError);
    expect(refusal?.category).toBe('metadata');
    expect(refusal?.message).toBe(
      'metadata.internal resolves to 169.254.169.254, a metadata address; webhooks may only call public addresses (see WEBHOOK_ALLOWED_HOSTS)',
    );
    expect(strict.refusal('127.0.0.1', '127.0.0.1')?.message).toMatch(/^127\.0\.0\.1 is a loopback address/);
  });

  it('allows what the allowlist names: an address, a range (also IPv4-mapped) or a host name', () => {
    const policy = AddressPolicy.fromAllowlist('127.0.0.1,10.0.0.0/8,hooks.internal');
    expect(policy.refusal('localhost', '127.0.0.1')).toBeUndefined();
    expect(policy.refusal('localhost', '::ffff:127.0.0.1')).toBeUndefined();
    expect(policy.refusal('x', '10.200.0.1')).toBeUndefined();
    expect(policy.refusal('HOOKS.internal.', '192.168.0.7')).toBeUndefined();
    expect(policy.refusal('localhost', '::1')?.category).toBe('loopback');
    expect(policy.refusal('localhost', '127.0.0.2')?.category).toBe('loopback');
    expect(policy.refusal('other.internal', '192.168.0.7')?.category).toBe('private');
  });
});
