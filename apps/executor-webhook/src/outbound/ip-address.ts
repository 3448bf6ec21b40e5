import ipaddr from 'ipaddr.js';

/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export interface IpAddress {
  version: 4 | 6;
  bytes: number[];
}

/** A CIDR range such as `10.0.0.0/8` or `fc00::/7`. */
export interface IpRange {
  version: 4 | 6;
  bytes: number[];
  prefix: number;
}

/**
 * Parses an IPv4 or IPv6 address (IPv6 in brackets, with a zone or a dotted IPv4 tail too) with
 * `ipaddr.js`. IPv4 only in its four-part decimal form: `127.1`, `0x7f.0.0.1` or `017700000001` are
 * refused rather than read as the loopback address some resolvers would make of them.
 */
export function parseIp(text: string): IpAddress | undefined {
  const address = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) {
    return { version: 4, bytes: ipaddr.IPv4.parse(address).toByteArray() };
  }
  if (address.includes(':') && ipaddr.IPv6.isValid(address)) {
    return { version: 6, bytes: ipaddr.IPv6.parse(address).toByteArray() };
  }
  return undefined;
}

/** Parses `address/prefix`; a bare address is a range of one. */
export function parseIpRange(text: string): IpRange | undefined {
  const [addressText, prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  const address = parseIp(addressText);
  if (!address) return undefined;
  const bits = address.bytes.length * 8;
  if (prefixText === undefined) return { ...address, prefix: bits };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return undefined;
  return { ...address, prefix: Number(prefixText) };
}

export function inRange(address: IpAddress, range: IpRange): boolean {
  if (address.version !== range.version) return false;
  return toIpaddr(address).match(toIpaddr(range), range.prefix);
}

export function range(text: string): IpRange {
  const parsed = parseIpRange(text);
  if (!parsed) throw new Error(`not a CIDR range: ${text}`);
  return parsed;
}

/** The IPv4 address in bytes 12–15 of an IPv6 address (mapped, compatible, NAT64 forms). */
export function embeddedIpv4(address: IpAddress, offset = 12): IpAddress {
  return { version: 4, bytes: address.bytes.slice(offset, offset + 4) };
}

export function formatIp(address: IpAddress): string {
  const parsed = toIpaddr(address);
  return parsed.kind() === 'ipv6' ? (parsed as ipaddr.IPv6).toNormalizedString() : parsed.toString();
}

export function toIpaddr(address: IpAddress): ipaddr.IPv4 | ipaddr.IPv6 {
  return ipaddr.fromByteArray(address.bytes);
}
