import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CHART_DIR, readTemplate } from './chart';
import { exportedMetricNames, metricsOfExpression } from './metric-names';

interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ alert: string; expr: string; for?: string }> }>;
}

const RULES = 'files/prometheus-rules.yml';

describe('alert rules (files/prometheus-rules.yml)', () => {
  const rules = (parse(fs.readFileSync(path.join(CHART_DIR, RULES), 'utf8')) as RuleFile).groups.flatMap(
    (group) => group.rules,
  );

  it('read only metrics the services export, or kube-state-metrics', () => {
    const exported = exportedMetricNames();
    const unknown = rules.flatMap((rule) =>
      metricsOfExpression(rule.expr)
        .filter((metric) => !metric.startsWith('kube_') && !exported.has(metric))
        .map((metric) => `${rule.alert}: ${metric}`),
    );
    expect(unknown).toEqual([]);
    expect(rules.length).toBeGreaterThanOrEqual(8);
  });

  it('is what the chart’s PrometheusRule carries', () => {
    expect(readTemplate('prometheusrule.yaml')).toContain(`.Files.Get "${RULES}"`);
  });
});

describe('metricsOfExpression', () => {
  it('finds the metrics, not labels, functions, strings or ranges', () => {
    expect(
      metricsOfExpression(
        'histogram_quantile(0.95, sum by (le, flowline_node_type) (rate(flowline_node_run_duration_bucket{flowline_node_type!="INPUT"}[15m]))) / up > 1',
      ),
    ).toEqual(['flowline_node_run_duration_bucket', 'up']);
  });
});

describe('exportedMetricNames', () => {
  it('names counters, histograms and gauges as the Prometheus exporter does', () => {
    const names = exportedMetricNames();
    for (const name of [
      'flowline_workflow_runs_finished_total',
      'flowline_node_run_duration_bucket',
      'flowline_outbox_oldest_age',
      'messaging_kafka_consumer_lag',
      'http_server_request_duration_count',
    ])
      expect(names).toContain(name);
    expect(names).not.toContain('flowline_workflow_runs_finished');
  });
});
