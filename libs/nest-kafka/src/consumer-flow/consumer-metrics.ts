import { type Attributes, type BatchObservableCallback, metrics } from '@opentelemetry/api';
import { type FairScheduler } from './fair-scheduler';
import { type PartitionProgress } from './partition-progress';

const meter = metrics.getMeter('@flowline/nest-kafka');
const lag = meter.createObservableGauge('messaging.kafka.consumer.lag', {
  description: 'Messages on a partition not yet handled by this consumer (high watermark − first unfinished)',
  unit: '{message}',
});
const inFlight = meter.createObservableGauge('flowline.consumer.work.in_flight', {
  description: 'Consumed messages being handled now, per org (an executor: calls in flight)',
  unit: '{message}',
});
const waiting = meter.createObservableGauge('flowline.consumer.work.waiting', {
  description: 'Consumed messages waiting for a slot in the in-flight pool, per org',
  unit: '{message}',
});

/**
 * What a consumer's flow looks like from outside, read at each scrape: lag per partition, and the
 * in-flight pool's running and waiting work per org. Nothing is computed on the message path but the
 * high watermark kept per partition.
 */
export class ConsumerMetrics {
  private readonly highWatermarks = new Map<string, number>();
  private readonly callback: BatchObservableCallback;

  constructor(
    private readonly group: string,
    scheduler: FairScheduler,
    progress: () => Map<string, PartitionProgress>,
  ) {
    this.callback = (observer) => {
      const groupAttributes = { 'messaging.consumer.group.name': this.group };
      for (const [id, position] of this.positions(progress())) {
        const highWatermark = this.highWatermarks.get(id);
        if (highWatermark === undefined) continue;
        const [partition, topic] = splitId(id);
        observer.observe(lag, Math.max(0, highWatermark - position), {
          ...groupAttributes,
          'messaging.destination.name': topic,
          'messaging.destination.partition.id': partition,
        });
      }
      const byOrg = (org: string): Attributes => ({ ...groupAttributes, 'flowline.org.id': org });
      for (const [org, count] of Object.entries(scheduler.runningByGroup()))
        observer.observe(inFlight, count, byOrg(org));
      for (const [org, count] of Object.entries(scheduler.waitingByGroup()))
        observer.observe(waiting, count, byOrg(org));
    };
    meter.addBatchObservableCallback(this.callback, [lag, inFlight, waiting]);
  }

  /** Called for each fetched batch: the partition's end as the broker last reported it. */
  fetched(id: string, highWatermark: string): void {
    this.highWatermarks.set(id, Number(highWatermark));
  }

  stop(): void {
    meter.removeBatchObservableCallback(this.callback, [lag, inFlight, waiting]);
  }

  private *positions(progress: Map<string, PartitionProgress>): Iterable<[string, number]> {
    for (const [id, partition] of progress) {
      const position = partition.position;
      if (position !== undefined) yield [id, position];
    }
  }
}

function splitId(id: string): [string, string] {
  const separator = id.indexOf(':');
  return [id.slice(0, separator), id.slice(separator + 1)];
}
