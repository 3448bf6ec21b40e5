import { embeddedIpv4, inRange, type IpAddress, type IpRange, parseIp, range } from './ip-address';

/** What kind of network an address belongs to; only `public` is reachable without an allowlist. */
export type AddressCategory =
  'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified' | 'multicast' | 'reserved';

type Rule = [IpRange, AddressCategory];

// Order matters: the first matching rule wins (metadata before the link-local range it sits in).
const IPV4_RULES: Rule[] = [
  [range('169.254.169.254/32'), 'metadata'], // AWS, GCP, Azure, OpenStack instance metadata
  [range('100.100.100.200/32'), 'metadata'], // Alibaba Cloud instance metadata
  [range('0.0.0.0/8'), 'unspecified'], // "this network"; 0.0.0.0 reaches the local host
  [range('10.0.0.0/8'), 'private'],
  [range('100.64.0.0/10'), 'private'], // carrier-grade NAT, shared address space
  [range('127.0.0.0/8'), 'loopback'],
  [range('169.254.0.0/16'), 'link-local'],
  [range('172.16.0.0/12'), 'private'],
  [range('192.0.0.0/24'), 'reserved'], // IETF protocol assignments
  [range('192.0.2.0/24'), 'reserved'], // documentation
  [range('192.88.99.0/24'), 'reserved'], // 6to4 relay anycast
  [range('192.168.0.0/16'), 'private'],
  [range('198.18.0.0/15'), 'reserved'], // benchmarking
  [range('198.51.100.0/24'), 'reserved'], // documentation
  [range('203.0.113.0/24'), 'reserved'], // documentation
  [range('224.0.0.0/4'), 'multicast'],
  [range('240.0.0.0/4'), 'reserved'], // future use, and 255.255.255.255 broadcast
];

const IPV6_RULES: Rule[] = [
  [range('::/128'), 'unspecified'],
  [range('::1/128'), 'loopback'],
  [range('fd00:ec2::254/128'), 'metadata'], // AWS instance metadata over IPv6
  [range('64:ff9b:1::/48'), 'private'], // local-use NAT64
  [range('100::/64'), 'reserved'], // discard-only
  [range('2001::/32'), 'reserved'], // Teredo: tunnels to an IPv4 address we cannot check
  [range('2001:db8::/32'), 'reserved'], // documentation
  [range('fc00::/7'), 'private'], // unique local
  [range('fe80::/10'), 'link-local'],
  [range('fec0::/10'), 'private'], // deprecated site-local
  [range('ff00::/8'), 'multicast'],
];

/** IPv6 forms that carry an IPv4 address: that address decides. */
const IPV4_MAPPED = range('::ffff:0:0/96');
const IPV4_COMPATIBLE = range('::/96');
const NAT64 = range('64:ff9b::/96');
const SIX_TO_FOUR = range('2002::/16');
/** `::` and `::1` (IPv6's own unspecified and loopback addresses) inside the IPv4-compatible range. */
const OWN_V6_ADDRESSES = range('::/127');

/** The category of an IP address (text); anything that is not an IP address is `reserved`. */
export function classifyAddress(text: string): AddressCategory {
  const address = parseIp(text);
  return address ? classify(address) : 'reserved';
}

export function classify(address: IpAddress): AddressCategory {
  const v4 = ipv4Behind(address);
  if (v4) return classify(v4);
  const rules = address.version === 4 ? IPV4_RULES : IPV6_RULES;
  return rules.find(([rule]) => inRange(address, rule))?.[1] ?? 'public';
}

/** The IPv4 address an IPv6 address stands for (mapped, compatible, NAT64, 6to4), if any. */
export function ipv4Behind(address: IpAddress): IpAddress | undefined {
  if (address.version === 4) return undefined;
  if (inRange(address, IPV4_MAPPED) || inRange(address, NAT64)) return embeddedIpv4(address);
  if (inRange(address, IPV4_COMPATIBLE) && !inRange(address, OWN_V6_ADDRESSES)) return embeddedIpv4(address);
  if (inRange(address, SIX_TO_FOUR)) return embeddedIpv4(address, 2);
  return undefined;
}
