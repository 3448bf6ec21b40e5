import { PeriodicTask } from '@flowline/nest-observability';
import { type DataSource } from 'typeorm';

/** PostgreSQL's own autovacuum defaults: act once this many rows plus this share of the table changed. */
const ANALYZE_THRESHOLD = 50;
const ANALYZE_SCALE = 0.1;
const VACUUM_THRESHOLD = 50;
const VACUUM_SCALE = 0.2;
/**
 * A table analyzed before is analyzed again at most this often (autovacuum's own pace: it visits a
 * database once a minute). The first analysis comes as soon as a table needs it: that is the one that
 * gives plans statistics.
 */
export const REANALYZE_AFTER_MS = 60_000;

interface TableActivity {
  table: string;
  live: number;
  dead: number;
  changedSinceAnalyze: number;
  /** Since the table was last analyzed, by anyone; null: never. */
  msSinceAnalyze: number | null;
}

/** What a pass does to one table, by autovacuum's rules; `[]` when it needs nothing. */
export function maintenanceOf(activity: TableActivity): Array<'VACUUM' | 'ANALYZE'> {
  const work: Array<'VACUUM' | 'ANALYZE'> = [];
  if (activity.dead > VACUUM_THRESHOLD + VACUUM_SCALE * activity.live) work.push('VACUUM');
  const due = activity.msSinceAnalyze === null || activity.msSinceAnalyze >= REANALYZE_AFTER_MS;
  if (due && activity.changedSinceAnalyze > ANALYZE_THRESHOLD + ANALYZE_SCALE * activity.live)
    work.push('ANALYZE');
  return work;
}

/**
 * Keeps the service's own tables vacuumed and analyzed when the database's autovacuum is switched off
 * (some CI and development servers run that way); with autovacuum on, it checks once and leaves the work
 * to PostgreSQL.
 *
 * Without it, a table that is only ever inserted into and deleted from (the outbox, timers) fills with
 * dead rows, and no table gets planner statistics. The second is the costly one: a connection keeps one
 * plan for a foreign-key check after its first few uses, and made on a nearly empty table without
 * statistics that plan may use any index that starts with the key's first column (`org_id`), then scan a
 * whole org's rows for every insert. Statistics make it pick the key's own index, and analyzing a table
 * re-plans the checks.
 *
 * The rules are autovacuum's defaults: analyze after 50 rows + 10% of the table changed (a table analyzed
 * before: at most once a minute), vacuum after 50 + 20% died. `SKIP_LOCKED`: replicas never wait for each
 * other's pass.
 */
export class TableMaintenance extends PeriodicTask {
  /** Unknown until the first pass asks the database. */
  private autovacuumOn?: boolean;

  constructor(
    private readonly dataSource: DataSource,
    private readonly everyMs: number,
  ) {
    super();
  }

  protected get intervalMs(): number {
    return this.everyMs;
  }

  protected async runOnce(): Promise<void> {
    if (this.autovacuumOn === undefined) {
      const [setting] = await this.dataSource.query<Array<{ on: boolean }>>(
        `select current_setting('autovacuum') = 'on' as on`,
      );
      this.autovacuumOn = setting?.on === true;
      this.logger.log(
        this.autovacuumOn
          ? 'PostgreSQL autovacuum is on: table maintenance is left to it'
          : 'PostgreSQL autovacuum is off: this service vacuums and analyzes its own tables',
      );
    }
    if (!this.autovacuumOn) await this.maintain();
  }

  /** Vacuums and analyzes the tables of the service's schema that need it, whatever autovacuum does. */
  async maintain(): Promise<void> {
    const schema = this.dataSource.driver.schema ?? 'public';
    const tables = await this.dataSource.query<TableActivity[]>(
      `select relname as "table", n_live_tup::float8 as live, n_dead_tup::float8 as dead,
              n_mod_since_analyze::float8 as "changedSinceAnalyze",
              extract(epoch from now() - greatest(last_analyze, last_autoanalyze)) * 1000 as "msSinceAnalyze"
         from pg_stat_user_tables where schemaname = $1`,
      [schema],
    );
    for (const activity of tables) {
      const work = maintenanceOf(activity);
      if (work.length === 0) continue;
      const table = `"${schema.replace(/"/g, '""')}"."${activity.table.replace(/"/g, '""')}"`;
      await this.dataSource.query(
        work.includes('VACUUM')
          ? `vacuum (${work.includes('ANALYZE') ? 'analyze, ' : ''}skip_locked) ${table}`
          : `analyze (skip_locked) ${table}`,
      );
    }
  }
}
