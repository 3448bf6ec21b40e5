import axios from 'axios';
import type { FlowlineInstance, FlowlineSystem } from './flowline-system';
import { deltasBetween, type MetricRow, sumOf, summarizeDeltas } from './metric-deltas';
import { type MetricSample, parsePrometheusText } from './prometheus-text';

/** What the bench itself counted in a phase. */
export interface BenchRunCount {
  /** Runs the API accepted (201, or 202 PENDING). */
  accepted: number;
  /** Of those, runs the bench saw COMPLETED on the run-events topic. */
  completed: number;
}

type Scrape = Map<FlowlineInstance, MetricSample[]>;

const RUNS_STARTED = 'flowline_workflow_runs_started_total';
const RUNS_FINISHED = 'flowline_workflow_runs_finished_total';
const RESULT = 'flowline_workflow_run_result';
/** Labels summed over in the table: the bench has one org and one workflow; the others say little here. */
const MERGED_LABELS = [
  'flowline_org_id',
  'flowline_workflow_id',
  'messaging_destination_partition_id',
  'network_protocol_version',
  'url_scheme',
];

/**
 * The bench's check of `/metrics`: every process it started is scraped before and after a phase, and the
 * phase prints what each one's counters and histograms did next to the bench's own count of runs, and
 * whether the orchestrator counted exactly the runs the bench saw complete.
 */
export class PhaseMetrics {
  private constructor(
    private readonly system: FlowlineSystem,
    private readonly before: Scrape,
  ) {}

  static async begin(system: FlowlineSystem): Promise<PhaseMetrics> {
    return new PhaseMetrics(system, await scrapeAll(system));
  }

  /** Scrapes again and prints the table and the match line; true when the run counts match. */
  async end(label: string, bench: BenchRunCount): Promise<boolean> {
    // A run's counter moves right after its commit, its COMPLETED event a Kafka round trip later; give a
    // scrape that raced the commit a moment rather than report a miss.
    let deltas = await this.deltas();
    for (let i = 0; i < 20 && finished(deltas) < bench.completed; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      deltas = await this.deltas();
    }
    const rows = [
      { service: 'bench', metric: 'runs accepted (201/202)', labels: '', delta: bench.accepted },
      { service: 'bench', metric: 'runs seen COMPLETED', labels: '', delta: bench.completed },
      ...[...deltas].flatMap(([instance, samples]) =>
        summarizeDeltas(samples, MERGED_LABELS).map((row) => tableRow(instance, row)),
      ),
    ];
    console.log(`\n/metrics deltas over "${label}":`);
    console.table(rows);
    const started = sum(deltas, RUNS_STARTED);
    const done = finished(deltas);
    const byResult = [...new Set(allSamples(deltas, RUNS_FINISHED).map((s) => s.labels[RESULT]))]
      .map((result) => `${result} ${sum(deltas, RUNS_FINISHED, { [RESULT]: result })}`)
      .join(', ');
    const match = done === bench.completed && started === bench.accepted;
    console.log(
      `runs: bench accepted ${bench.accepted}, ${RUNS_STARTED} +${started}; bench completed ` +
        `${bench.completed}, ${RUNS_FINISHED} +${done} (${byResult || 'none'}) → ` +
        (match ? 'counts match' : 'COUNTS DO NOT MATCH'),
    );
    return match;
  }

  private async deltas(): Promise<Scrape> {
    const after = await scrapeAll(this.system);
    return new Map(
      [...after].map(([instance, samples]) => [
        instance,
        deltasBetween(this.before.get(instance) ?? [], samples),
      ]),
    );
  }
}

async function scrapeAll(system: FlowlineSystem): Promise<Scrape> {
  const instances = [...system.processes.keys()];
  const scrapes = await Promise.all(
    instances.map(async (instance) => {
      const response = await axios.get<string>(`${system.baseUrlOf(instance)}/metrics`, {
        responseType: 'text',
        timeout: 10_000,
      });
      return [instance, parsePrometheusText(response.data)] as const;
    }),
  );
  return new Map(scrapes);
}

function tableRow(instance: FlowlineInstance, row: MetricRow): Record<string, string | number> {
  const cells: Record<string, string | number> = {
    service: instance,
    metric: row.metric,
    labels: row.labels,
    delta: row.delta,
  };
  if (row.p50 !== undefined) cells['p50 ms'] = Number((row.p50 * 1000).toFixed(row.p50 < 0.01 ? 2 : 0));
  return cells;
}

function allSamples(scrape: Scrape, name: string): MetricSample[] {
  return [...scrape.values()].flat().filter((sample) => sample.name === name);
}

function sum(scrape: Scrape, name: string, labels: Record<string, string> = {}): number {
  return [...scrape.values()].reduce((total, samples) => total + sumOf(samples, name, labels), 0);
}

function finished(scrape: Scrape): number {
  return sum(scrape, RUNS_FINISHED);
}
