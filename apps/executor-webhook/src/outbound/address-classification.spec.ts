import { classifyAddress } from './address-classification';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['93.184.216.34', 'public'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
  ])('IPv4 %s is %s', (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });

  it.each([
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:82b::200e', 'public'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fec0::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378::1', 'reserved'],
    ['[::1]', 'loopback'],
  ])('IPv6 %s is %s', (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['::0.0.0.2', 'unspecified'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['2002:c0a8:0101::1', 'private'],
    ['2002:0808:0808::1', 'public'],
  ])('an IPv6 address carrying IPv4 (%s) is judged by that IPv4 address: %s', (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });

  it.each([
    ['192.175.48.1', 'reserved'], // AS112
    ['192.52.193.1', 'reserved'], // AMT
    ['2001:2::1', 'reserved'], // benchmarking
    ['3fff::1', 'reserved'], // documentation (RFC 9637)
    ['5f00::1', 'reserved'], // segment routing
    ['100::1', 'reserved'], // discard-only
    ['64:ff9b:1::a', 'private'], // local-use NAT64
    ['::ffff:0:127.0.0.1', 'loopback'], // IPv4-translated (RFC 6145)
  ])('knows every special-purpose range ipaddr.js knows: %s is %s', (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });

  it('refuses IPv4 shorthand a resolver might read as loopback (127.1, hex, octal, one number)', () => {
    for (const text of ['127.1', '0x7f.0.0.1', '0177.0.0.1', '2130706433']) {
      expect(classifyAddress(text)).toBe('reserved');
    }
  });

  it('treats anything that is not an IP address as reserved', () => {
    expect(classifyAddress('example.com')).toBe('reserved');
    expect(classifyAddress('256.1.1.1')).toBe('reserved');
  });
});
