import { formatIp, inRange, type IpAddress, type IpRange, parseIp, parseIpRange } from './ip-address';

function ip(text: string): IpAddress {
  const parsed = parseIp(text);
  if (!parsed) throw new Error(`not an IP address: ${text}`);
  return parsed;
}

function cidr(text: string): IpRange {
  const parsed = parseIpRange(text);
  if (!parsed) throw new Error(`not a CIDR range: ${text}`);
  return parsed;
}

describe('ip addresses', () => {
  it('parses IPv4 and the IPv6 forms', () => {
    expect(ip('10.0.0.1')).toEqual({ version: 4, bytes: [10, 0, 0, 1] });
    expect(formatIp(ip('2001:db8::1'))).toBe('2001:db8:0:0:0:0:0:1');
    expect(formatIp(ip('::ffff:1.2.3.4'))).toBe('0:0:0:0:0:ffff:102:304');
    expect(formatIp(ip('1::'))).toBe('1:0:0:0:0:0:0:0');
    expect(formatIp(ip('[fe80::1%lo0]'))).toBe('fe80:0:0:0:0:0:0:1');
    expect(parseIp('1.2.3')).toBeUndefined();
    expect(parseIp('example.com')).toBeUndefined();
  });

  it('matches CIDR ranges on any prefix length', () => {
    const range = cidr('172.16.0.0/12');
    expect(inRange(ip('172.31.255.255'), range)).toBe(true);
    expect(inRange(ip('172.32.0.0'), range)).toBe(false);
    expect(inRange(ip('::ffff:172.16.0.1'), range)).toBe(false);
    expect(inRange(ip('fe80::1'), cidr('fe80::/10'))).toBe(true);
    expect(inRange(ip('fec0::1'), cidr('fe80::/10'))).toBe(false);
    expect(inRange(ip('8.8.8.8'), cidr('0.0.0.0/0'))).toBe(true);
    expect(parseIpRange('10.0.0.0/33')).toBeUndefined();
    expect(parseIpRange('10.0.0.0/8/1')).toBeUndefined();
  });
});
