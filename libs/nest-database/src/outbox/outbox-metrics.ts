import { flowlineMeter } from '@flowline/nest-observability';
import { type DataSource } from 'typeorm';

/**
 * The outbox's backlog and the age of its oldest row, read from the table at each scrape (one cheap
 * query; never on the publish path). A backlog that keeps growing or an old oldest row means messages
 * are not reaching Kafka.
 */
export function observeOutbox(dataSource: DataSource, table: () => string): void {
  const meter = flowlineMeter('@flowline/nest-database');
  const backlog = meter.createObservableGauge('flowline.outbox.backlog', {
    description: 'Messages written to the outbox and not yet published',
    unit: '{message}',
  });
  const oldest = meter.createObservableGauge('flowline.outbox.oldest_age', {
    description: 'Age of the oldest unpublished outbox message (0 when empty)',
    unit: 's',
  });
  meter.addBatchObservableCallback(
    async (observer) => {
      if (!dataSource.isInitialized) return;
      const [row] = (await dataSource.query(
        `select count(*)::int as rows, coalesce(extract(epoch from now() - min(created_at)), 0)::float as age
         from ${table()}`,
      )) as Array<{ rows: number; age: number }>;
      observer.observe(backlog, row.rows);
      observer.observe(oldest, row.age);
    },
    [backlog, oldest],
  );
}
