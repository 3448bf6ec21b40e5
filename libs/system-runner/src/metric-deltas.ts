import type { MetricSample } from './prometheus-text';

/** What a counter or histogram of one process did between two scrapes. */
export interface MetricRow {
  metric: string;
  /** The row's labels as `name=value`, space-separated (those in `mergedLabels` summed over). */
  labels: string;
  /** A counter's increase, or a histogram's count of new observations. */
  delta: number;
  /** A histogram's median over the new observations, from its buckets (as `histogram_quantile` does). */
  p50?: number;
}

/**
 * Each series' increase from `before` to `after`, two scrapes of the same process (a series that first
 * appears in `after` started from 0). Gauges come out as differences too; `summarizeDeltas` ignores them.
 */
export function deltasBetween(before: MetricSample[], after: MetricSample[]): MetricSample[] {
  const earlier = new Map(before.map((sample) => [seriesKey(sample.name, sample.labels), sample.value]));
  return after.map((sample) => ({
    ...sample,
    value: sample.value - (earlier.get(seriesKey(sample.name, sample.labels)) ?? 0),
  }));
}

/**
 * The counters (`*_total`) and histograms (`*_count` beside `*_bucket`) that moved, one row per metric and
 * label set, with `mergedLabels` (e.g. org and workflow ids) summed over; histograms get their median.
 */
export function summarizeDeltas(deltas: MetricSample[], mergedLabels: readonly string[] = []): MetricRow[] {
  const histograms = new Set(
    deltas.filter((s) => s.name.endsWith('_bucket')).map((s) => s.name.slice(0, -'_bucket'.length)),
  );
  const rows = new Map<string, MetricRow & { buckets: Map<number, number> }>();
  const rowOf = (metric: string, labels: Record<string, string>) => {
    const kept = Object.entries(labels)
      .filter(([name]) => name !== 'le' && !mergedLabels.includes(name) && !name.startsWith('otel_scope_'))
      .sort(([a], [b]) => a.localeCompare(b));
    const text = kept.map(([name, value]) => `${name}=${value}`).join(' ');
    const key = `${metric} ${text}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { metric, labels: text, delta: 0, buckets: new Map() }));
    return row;
  };
  for (const sample of deltas) {
    const base = sample.name.replace(/_(count|bucket|sum)$/, '');
    if (histograms.has(base)) {
      if (sample.name.endsWith('_count')) rowOf(base, sample.labels).delta += sample.value;
      if (sample.name.endsWith('_bucket')) {
        const buckets = rowOf(base, sample.labels).buckets;
        const le = Number(sample.labels['le'] === '+Inf' ? Infinity : sample.labels['le']);
        buckets.set(le, (buckets.get(le) ?? 0) + sample.value);
      }
    } else if (sample.name.endsWith('_total')) rowOf(sample.name, sample.labels).delta += sample.value;
  }
  return [...rows.values()]
    .filter((row) => row.delta !== 0)
    .map(({ buckets, ...row }) => {
      if (buckets.size === 0) return row;
      const p50 = quantileFromBuckets(
        0.5,
        [...buckets].map(([le, count]) => ({ le, count })),
      );
      return p50 === undefined ? row : { ...row, p50 };
    });
}

/**
 * The q-quantile of a histogram's cumulative buckets, interpolating linearly inside the bucket that holds
 * it, exactly as PromQL's `histogram_quantile`: in the `+Inf` bucket it is the highest finite bound.
 * Undefined without observations.
 */
export function quantileFromBuckets(
  q: number,
  buckets: Array<{ le: number; count: number }>,
): number | undefined {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted[sorted.length - 1]?.count ?? 0;
  if (total <= 0 || sorted[sorted.length - 1].le !== Infinity) return undefined;
  const rank = q * total;
  const index = sorted.findIndex((bucket) => bucket.count >= rank);
  const bucket = sorted[index];
  if (bucket.le === Infinity) return sorted.length > 1 ? sorted[sorted.length - 2].le : undefined;
  const lower = index === 0 ? 0 : sorted[index - 1].le;
  const countBelow = index === 0 ? 0 : sorted[index - 1].count;
  if (bucket.count === countBelow) return bucket.le;
  return lower + ((bucket.le - lower) * (rank - countBelow)) / (bucket.count - countBelow);
}

/** The sum of a metric's deltas whose labels include `labels` (e.g. one result). */
export function sumOf(deltas: MetricSample[], name: string, labels: Record<string, string> = {}): number {
  return deltas
    .filter(
      (sample) =>
        sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    )
    .reduce((sum, sample) => sum + sample.value, 0);
}

function seriesKey(name: string, labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((key) => `${key}=${JSON.stringify(labels[key])}`);
  return `${name}{${sorted.join(',')}}`;
}
