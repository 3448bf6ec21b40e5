import { type FuzzRequest } from './request-arbitraries';

/** Counts of answers per route and status, and the requests that broke the rules. */
export class FuzzReport {
  private readonly counts = new Map<string, Map<string, number>>();
  readonly findings: string[] = [];

  record(request: FuzzRequest, status: number | 'no answer'): void {
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
      const statuses = byStatus
        ? [...byStatus.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([status, count]) => `${status}×${count}`)
            .join(' ')
        : '(not drawn)';
      return `${route.padEnd(width)}  ${statuses}`;
    });
    return [`${this.total} requests`, ...lines].join('\n');
  }
}
