import { isIPv4, isIPv6 } from 'node:net';

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

/** Parses an IPv4 or IPv6 address (IPv6 in brackets, with a zone or a dotted IPv4 tail too). */
export function parseIp(text: string): IpAddress | undefined {
  const address = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (isIPv4(address)) return { version: 4, bytes: address.split('.').map(Number) };
  if (isIPv6(address)) return { version: 6, bytes: ipv6Bytes(address) };
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
  let remaining = range.prefix;
  for (let i = 0; remaining > 0; i += 1) {
    const bits = Math.min(8, remaining);
    const mask = (0xff << (8 - bits)) & 0xff;
    if ((address.bytes[i] & mask) !== (range.bytes[i] & mask)) return false;
    remaining -= bits;
  }
  return true;
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
  if (address.version === 4) return address.bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((address.bytes[i] << 8) | address.bytes[i + 1]).toString(16));
  return groups.join(':');
}

function ipv6Bytes(address: string): number[] {
  let text = address;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail.push(...dotted[1].split('.').map(Number));
    text = text.slice(0, -dotted[1].length) + '0:0';
  }
  const [head, rest] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest === undefined ? [] : rest ? rest.split(':') : [];
  const missing = 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...restGroups];
  const bytes = groups.flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}
