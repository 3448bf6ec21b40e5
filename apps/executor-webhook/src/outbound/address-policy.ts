import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { type LookupFunction } from 'node:net';
import { type AddressCategory, classify, ipv4Behind } from './address-classification';
import { inRange, type IpRange, parseIp, parseIpRange } from './ip-address';

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** The webhook target resolved to an address the SSRF policy does not allow. */
export class AddressRefusedError extends Error {
  readonly code = 'ERR_FLOWLINE_ADDRESS_REFUSED';

  constructor(
    readonly host: string,
    readonly address: string,
    readonly category: AddressCategory,
  ) {
    super(
      host === address
        ? `${address} is a ${category} address; webhooks may only call public addresses (see WEBHOOK_ALLOWED_HOSTS)`
        : `${host} resolves to ${address}, a ${category} address; webhooks may only call public addresses (see WEBHOOK_ALLOWED_HOSTS)`,
    );
  }
}

export interface Allowlist {
  hosts: ReadonlySet<string>;
  ranges: readonly IpRange[];
}

/** Parses WEBHOOK_ALLOWED_HOSTS: comma-separated host names, IP addresses and CIDR ranges. */
export function parseAllowlist(text: string): { allowlist: Allowlist; invalid: string[] } {
  const hosts = new Set<string>();
  const ranges: IpRange[] = [];
  const invalid: string[] = [];
  for (const entry of text.split(',').map((item) => item.trim().toLowerCase())) {
    if (!entry) continue;
    const ipRange = parseIpRange(entry);
    if (ipRange) ranges.push(ipRange);
    else if (!entry.includes('/') && HOST_NAME.test(entry)) hosts.add(entry);
    else invalid.push(entry);
  }
  return { allowlist: { hosts, ranges }, invalid };
}

/**
 * Which addresses webhook calls may reach (DESIGN.md §6): public addresses, plus what the allowlist
 * names. It is checked on the address a connection really goes to — the agent's `lookup` — so a name
 * that resolves to a public address when checked and a private one when connecting (DNS rebinding)
 * cannot get through.
 */
export class AddressPolicy {
  constructor(private readonly allowlist: Allowlist) {}

  static fromAllowlist(text: string): AddressPolicy {
    const { allowlist, invalid } = parseAllowlist(text);
    if (invalid.length > 0)
      throw new Error(`WEBHOOK_ALLOWED_HOSTS has invalid entries: ${invalid.join(', ')}`);
    return new AddressPolicy(allowlist);
  }

  /** Undefined when `host` (as named in the URL) may be reached at `address`, else the refusal. */
  refusal(host: string, address: string): AddressRefusedError | undefined {
    const parsed = parseIp(address);
    if (!parsed) return new AddressRefusedError(host, address, 'reserved');
    if (this.allowlist.hosts.has(normalizeHost(host))) return undefined;
    const candidates = [parsed, ipv4Behind(parsed)].filter((item) => item !== undefined);
    if (this.allowlist.ranges.some((allowed) => candidates.some((ip) => inRange(ip, allowed))))
      return undefined;
    const category = classify(parsed);
    return category === 'public' ? undefined : new AddressRefusedError(host, address, category);
  }

  /**
   * A `lookup` for http(s) agents: resolves like `dns.lookup`, keeps only allowed addresses, and fails
   * the connection with AddressRefusedError when none is left.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses.filter((entry) => !this.refusal(hostname, entry.address));
      if (allowed.length === 0) {
        const refusal = addresses.length > 0 ? this.refusal(hostname, addresses[0].address) : undefined;
        return callback(refusal ?? new AddressRefusedError(hostname, '(none)', 'reserved'), '', 0);
      }
      if ((options as LookupOptions).all) return callback(null, allowed);
      return callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

export function normalizeHost(host: string): string {
  return host
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}
