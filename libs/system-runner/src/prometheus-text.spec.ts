import { deltasBetween, quantileFromBuckets, sumOf, summarizeDeltas } from './metric-deltas';
import { parsePrometheusText } from './prometheus-text';

const scrape = (finished: number, buckets: [number, number, number]) => `# HELP target_info Target metadata
# TYPE target_info gauge
target_info{service_name="orchestrator"} 1
# HELP flowline_workflow_runs_finished_total Workflow runs completed, by result
# TYPE flowline_workflow_runs_finished_total counter
flowline_workflow_runs_finished_total{flowline_org_id="org_a",flowline_workflow_id="deploy",flowline_workflow_run_result="SUCCESS"} ${finished}
flowline_workflow_runs_finished_total{flowline_org_id="org_b",flowline_workflow_id="deploy",flowline_workflow_run_result="SUCCESS"} 1

# TYPE flowline_outbox_backlog gauge
flowline_outbox_backlog 7
# TYPE flowline_node_run_duration histogram
flowline_node_run_duration_count{flowline_node_type="WEBHOOK"} ${buckets[2]}
flowline_node_run_duration_sum{flowline_node_type="WEBHOOK"} 1.5
flowline_node_run_duration_bucket{flowline_node_type="WEBHOOK",le="0.1"} ${buckets[0]}
flowline_node_run_duration_bucket{flowline_node_type="WEBHOOK",le="0.5"} ${buckets[1]}
flowline_node_run_duration_bucket{flowline_node_type="WEBHOOK",le="+Inf"} ${buckets[2]}
`;

describe('parsePrometheusText', () => {
  it('reads every sample with its labels and skips comments and blank lines', () => {
    const samples = parsePrometheusText(scrape(3, [1, 2, 4]));

    expect(samples).toHaveLength(9);
    expect(samples[1]).toEqual({
      name: 'flowline_workflow_runs_finished_total',
      labels: {
        flowline_org_id: 'org_a',
        flowline_workflow_id: 'deploy',
        flowline_workflow_run_result: 'SUCCESS',
      },
      value: 3,
    });
    expect(samples[3]).toEqual({ name: 'flowline_outbox_backlog', labels: {}, value: 7 });
    expect(samples[8].labels['le']).toBe('+Inf');
  });

  it('unescapes label values and reads special values, exponents and timestamps', () => {
    const samples = parsePrometheusText(
      [
        'http_requests_total{route="/a,\\"b\\"}",note="x\\\\y\\nz",} 1.5e3 1700000000000',
        'up +Inf',
        'down -Inf',
        'odd{a="1"} NaN',
      ].join('\n'),
    );

    expect(samples[0]).toEqual({
      name: 'http_requests_total',
      labels: { route: '/a,"b"}', note: 'x\\y\nz' },
      value: 1500,
    });
    expect(samples.slice(1, 3).map((s) => s.value)).toEqual([Infinity, -Infinity]);
    expect(samples[3].value).toBeNaN();
  });

  it('refuses a line that is not a sample, naming it', () => {
    expect(() => parsePrometheusText('ok 1\nbroken{a="1" 2')).toThrow(/line 2 .*broken/);
    expect(() => parsePrometheusText('no_value')).toThrow(/a value expected/);
    expect(() => parsePrometheusText('x{a="open} 1')).toThrow(/unterminated/);
    expect(() => parsePrometheusText('x abc')).toThrow(/not a number/);
  });
});

describe('deltas between two scrapes', () => {
  const before = parsePrometheusText(scrape(3, [1, 2, 4]));
  const after = parsePrometheusText(scrape(13, [3, 12, 14]));

  it('gives each series its increase, a new series counting from zero', () => {
    const deltas = deltasBetween(
      before.filter((sample) => sample.labels['flowline_org_id'] !== 'org_b'),
      after,
    );

    expect(sumOf(deltas, 'flowline_workflow_runs_finished_total')).toBe(11);
    expect(sumOf(deltas, 'flowline_workflow_runs_finished_total', { flowline_org_id: 'org_a' })).toBe(10);
  });

  it('summarises moved counters and histograms with their median, leaving gauges and merged labels out', () => {
    const rows = summarizeDeltas(deltasBetween(before, after), ['flowline_org_id', 'flowline_workflow_id']);

    expect(rows).toEqual([
      {
        metric: 'flowline_workflow_runs_finished_total',
        labels: 'flowline_workflow_run_result=SUCCESS',
        delta: 10,
      },
      // 10 new observations: 2 up to 0.1 s, 8 in (0.1, 0.5]; the 5th lies 3/8 into the second bucket.
      { metric: 'flowline_node_run_duration', labels: 'flowline_node_type=WEBHOOK', delta: 10, p50: 0.25 },
    ]);
  });
});

describe('quantileFromBuckets', () => {
  it('interpolates inside the bucket holding the rank, as histogram_quantile does', () => {
    const buckets = [
      { le: 0.1, count: 5 },
      { le: 1, count: 10 },
      { le: Infinity, count: 10 },
    ];
    expect(quantileFromBuckets(0.5, buckets)).toBeCloseTo(0.1);
    expect(quantileFromBuckets(0.2, buckets)).toBeCloseTo(0.04);
    expect(quantileFromBuckets(0.75, buckets)).toBeCloseTo(0.55);
  });

  it('answers the highest finite bound in the +Inf bucket, and nothing without observations', () => {
    expect(
      quantileFromBuckets(0.99, [
        { le: 1, count: 1 },
        { le: Infinity, count: 10 },
      ]),
    ).toBe(1);
    expect(quantileFromBuckets(0.5, [{ le: Infinity, count: 0 }])).toBeUndefined();
  });
});
