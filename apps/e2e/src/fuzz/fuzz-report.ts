import { type FuzzRequest } from './request-arbitraries';

/** Counts of answers per route and status, and the requests that broke the rules. */
export class FuzzReport {
  private readonly counts = new Map<string, Map<string, number>>();
  readonly findings: string[] = [];

  private readonly bySize = new Map<string, Map<string, number>>();

  record(request: FuzzRequest, status: number | 'no answer'): void {
    const size = request.body === undefined ? 0 : Buffer.byteLength(request.body);
    const sizeClass = size > 2 * 1024 * 1024 ? '> 2 MiB' : size > 100 * 1024 ? '100 KiB–2 MiB' : '≤ 100 KiB';
    const bySize = this.bySize.get(sizeClass) ?? new Map<string, number>();
    bySize.set(String(status), (bySize.get(String(status)) ?? 0) + 1);
    this.bySize.set(sizeClass, bySize);
    const route = `${request.route.method} ${request.route.path}`;
    const byStatus = this.counts.get(route) ?? new Map<string, number>();
    byStatus.set(String(status), (byStatus.get(String(status)) ?? 0) + 1);
    this.counts.set(route, byStatus);
  }

  get total(): number {
    let sum = 0;
    for (const byStatus of this.counts.values()) for (const count of byStatus.values()) sum += count;
    return sum;
  }

  /** Statuses that never happened on a route are left out; routes never drawn show as such. */
  format(routes: readonly string[]): string {
    const width = Math.max(...routes.map((route) => route.length));
    const lines = routes.map((route) => {
      const byStatus = this.counts.get(route);
      const statuses = byStatus ? describe(byStatus) : '(not drawn)';
      return `${route.padEnd(width)}  ${statuses}`;
    });
    const sizes = [...this.bySize.entries()].map(
      ([sizeClass, byStatus]) => `bodies ${sizeClass}: ${describe(byStatus)}`,
    );
    return [`${this.total} requests`, ...sizes, ...lines].join('\n');
  }
}

function describe(byStatus: Map<string, number>): string {
  return [...byStatus.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
}
