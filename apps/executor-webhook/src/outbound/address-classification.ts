import ipaddr from 'ipaddr.js';
import { embeddedIpv4, inRange, type IpAddress, type IpRange, parseIp, range, toIpaddr } from './ip-address';

/** What kind of network an address belongs to; only `public` is reachable without an allowlist. */
export type AddressCategory =
  'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified' | 'multicast' | 'reserved';

/** Cloud instance-metadata endpoints, which sit inside ranges ipaddr.js would call link-local or private. */
const METADATA: IpRange[] = [
  range('169.254.169.254/32'), // AWS, GCP, Azure, OpenStack
  range('100.100.100.200/32'), // Alibaba Cloud
  range('fd00:ec2::254/128'), // AWS over IPv6
];

/**
 * ipaddr.js's special-purpose ranges (IANA's registries) by name, to our categories. `unicast` is
 * public; a name missing here (a range a later ipaddr.js adds) is `reserved`, so the policy fails closed.
 */
const CATEGORY_OF_RANGE: Record<string, AddressCategory> = {
  unicast: 'public',
  unspecified: 'unspecified',
  loopback: 'loopback',
  private: 'private',
  carrierGradeNat: 'private', // shared address space
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
  linkLocal: 'link-local',
  multicast: 'multicast',
  broadcast: 'reserved',
  reserved: 'reserved', // documentation, benchmarking, 6to4 relay, future use, IETF assignments
  teredo: 'reserved', // tunnels to an IPv4 address we cannot check
  discard: 'reserved',
};

/** IPv6 forms that carry an IPv4 address, which then decides. */
const NAT64_WELL_KNOWN = range('64:ff9b::/96');
const IPV4_COMPATIBLE = range('::/96');
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
  if (METADATA.some((endpoint) => inRange(address, endpoint))) return 'metadata';
  const name = toIpaddr(address).range();
  // Local-use NAT64 (64:ff9b:1::/48) translates to whatever the operator chose: private.
  if (name === 'rfc6052') return 'private';
  return CATEGORY_OF_RANGE[name] ?? 'reserved';
}

/** The IPv4 address an IPv6 address stands for (mapped, translated, compatible, NAT64, 6to4), if any. */
export function ipv4Behind(address: IpAddress): IpAddress | undefined {
  if (address.version === 4) return undefined;
  const parsed = toIpaddr(address) as ipaddr.IPv6;
  const name = parsed.range();
  if (name === 'ipv4Mapped' || name === 'rfc6145') return embeddedIpv4(address);
  if (inRange(address, NAT64_WELL_KNOWN)) return embeddedIpv4(address);
  if (name === '6to4') return embeddedIpv4(address, 2);
  if (inRange(address, IPV4_COMPATIBLE) && !inRange(address, OWN_V6_ADDRESSES)) return embeddedIpv4(address);
  return undefined;
}
