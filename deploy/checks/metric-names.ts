import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './config-requirements';

/**
 * The metrics OpenTelemetry's HTTP instrumentation adds to every service (stable HTTP conventions):
 * not created in Flowline's code, so not found by `exportedMetricNames`.
 */
const INSTRUMENTATION_HISTOGRAMS = ['http.server.request.duration', 'http.client.request.duration'];

const INSTRUMENT = /\.create(\w+)\(\s*'([a-z0-9_.]+)'/g;

/**
 * The Prometheus names of every instrument in apps/ and libs/ (`meter.createCounter('a.b')` →
 * `a_b_total`; histograms → `_bucket`, `_count`, `_sum`; gauges as they are), as the Prometheus exporter
 * turns them into names, plus the HTTP instrumentation's histograms.
 */
export function exportedMetricNames(): Set<string> {
  const names = new Set<string>();
  const add = (kind: string, name: string) => {
    const base = name.replace(/\./g, '_');
    if (kind === 'Histogram') for (const suffix of ['_bucket', '_count', '_sum']) names.add(base + suffix);
    else if (kind === 'Counter' || kind === 'ObservableCounter') names.add(`${base}_total`);
    else names.add(base);
  };
  for (const file of sourceFiles(['apps', 'libs'])) {
    for (const [, kind, name] of fs.readFileSync(file, 'utf8').matchAll(INSTRUMENT)) add(kind, name);
  }
  for (const name of INSTRUMENTATION_HISTOGRAMS) add('Histogram', name);
  return names;
}

const FUNCTIONS_AND_KEYWORDS = new Set(
  'sum min max avg count rate irate increase histogram_quantile by without on ignoring and or unless bool offset'.split(
    ' ',
  ),
);

/**
 * The metric names a PromQL expression reads: what is left once strings, label matchers (`{...}`),
 * ranges (`[5m]`), grouping clauses (`by (...)`), functions and keywords are taken out.
 */
export function metricsOfExpression(expression: string): string[] {
  const bare = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ' ');
  const words = bare.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  return [...new Set(words.filter((word) => !FUNCTIONS_AND_KEYWORDS.has(word)))];
}

function sourceFiles(dirs: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(full);
      else if (/\.ts$/.test(entry.name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name))
        found.push(full);
    }
  };
  for (const dir of dirs) walk(path.join(REPO_ROOT, dir));
  return found;
}
