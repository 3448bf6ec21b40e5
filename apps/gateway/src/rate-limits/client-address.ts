/**
 * The address a caller without a valid token is rate-limited by: the TCP peer, or, behind a trusted
 * proxy, the last X-Forwarded-For hop (the one that proxy added; earlier hops are the caller's claims).
 */
export function clientAddress(
  forwardedFor: string | string[] | undefined,
  peerAddress: string | undefined,
  trustForwardedFor: boolean,
): string {
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  if (trustForwardedFor && header) {
    const hops = header.split(',').map((hop) => hop.trim());
    const last = hops[hops.length - 1];
    if (last) return last;
  }
  return peerAddress ?? 'unknown';
}
