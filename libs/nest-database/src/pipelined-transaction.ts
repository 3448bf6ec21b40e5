// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient declaration (pg ships none for its utils); nothing imports it, so it must be referenced
/// <reference path="./pg-utils.d.ts" />
import { prepareValue } from 'pg/lib/utils';
import { type DataSource, type EntityManager, QueryFailedError, type QueryRunner } from 'typeorm';
import { QueryResult } from 'typeorm/query-runner/QueryResult';

type Rows = Array<Record<string, unknown>>;
/** `QueryRunner.query` without its overloads. */
type RawQuery = (sql: string, parameters?: unknown[], structured?: boolean) => Promise<unknown>;

interface Deferred {
  sql: string;
  parameters: readonly unknown[];
  /** Called with the statement's rows once it ran (e.g. generated keys from `returning`). */
  onRows?: (rows: Rows) => void;
}

/** What pg returns for one statement of a query. */
interface PgResult {
  command: string;
  rowCount: number | null;
  rows: Rows;
}

const pipelines = new WeakMap<QueryRunner, StatementPipeline>();

/**
 * A transaction whose writes travel together: `START TRANSACTION` and every statement given to
 * `deferWrite` wait, and go to PostgreSQL in one round trip with the next statement whose result the code
 * needs, or with the `COMMIT`. A transition that reads the run (`queryBatch`), then writes a dozen rows,
 * costs two round trips instead of about fifteen. Each round trip is a system call and a wake-up on both
 * sides: the orchestrator's profile at saturation spent a quarter of its samples in those writes.
 *
 * The order of statements is the order they were given, so the transaction means what it meant; only an
 * error in a deferred write surfaces later, at the statement it travelled with, and fails the transaction
 * as it would have anyway (PostgreSQL aborts a transaction at its first error). A statement travelling with
 * others is sent with its values as literals (PostgreSQL's simple protocol takes no parameters); they are
 * prepared by pg's own rules and quoted as its `escapeLiteral` quotes them.
 */
export async function pipelinedTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const pipeline = new StatementPipeline(runner);
  pipelines.set(runner, pipeline);
  const carried = [...(riders.get(dataSource) ?? [])].flatMap((rider) => {
    const statement = rider.take();
    return statement ? [{ rider, statement }] : [];
  });
  for (const { statement } of carried) pipeline.defer(statement);
  try {
    await runner.startTransaction();
    const result = await work(runner.manager);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    for (const { rider, statement } of carried) rider.rolledBack(statement);
    throw error;
  } finally {
    await runner.release();
  }
}

/**
 * Housekeeping writes that may ride along with the data source's next pipelined transaction instead of
 * paying a round trip and a commit of their own (e.g. deleting published outbox rows). A rider hands out
 * what it has (`take`) and gets it back when that transaction rolls back; it must also send what nobody
 * took within a while itself.
 */
export interface Rider {
  take(): { sql: string; parameters: readonly unknown[] } | undefined;
  rolledBack(statement: { sql: string; parameters: readonly unknown[] }): void;
}

const riders = new WeakMap<DataSource, Set<Rider>>();

/** Lets `rider`'s writes ride along with `dataSource`'s pipelined transactions; returns its removal. */
export function addRider(dataSource: DataSource, rider: Rider): () => void {
  const set = riders.get(dataSource) ?? new Set<Rider>();
  set.add(rider);
  riders.set(dataSource, set);
  return () => set.delete(rider);
}

/**
 * Runs a write whose result the caller does not wait for: in a pipelined transaction it travels with the
 * next statement that must answer (or the commit), elsewhere it runs now. `onRows` gets its rows either way,
 * before the transaction's commit returns.
 */
export async function deferWrite(
  manager: EntityManager,
  sql: string,
  parameters: readonly unknown[],
  onRows?: (rows: Rows) => void,
): Promise<void> {
  const pipeline = pipelineOf(manager);
  if (pipeline) {
    pipeline.defer({ sql, parameters, onRows });
    return;
  }
  const rows: unknown = await manager.query(sql, [...parameters]);
  onRows?.(Array.isArray(rows) ? (rows as Rows) : []);
}

/**
 * Runs statements whose results the caller needs, in order: in a pipelined transaction all in one round
 * trip (with whatever writes were waiting), elsewhere one after the other. Returns each one's rows.
 */
export async function queryBatch(
  manager: EntityManager,
  statements: ReadonlyArray<{ sql: string; parameters: readonly unknown[] }>,
): Promise<Rows[]> {
  const pipeline = pipelineOf(manager);
  const rows: Rows[] = [];
  for (const [i, { sql, parameters }] of statements.entries()) {
    // All but the last wait in the pipeline; the last one sends them, and their rows arrive first.
    if (pipeline && i < statements.length - 1)
      pipeline.defer({ sql, parameters, onRows: (answered) => rows.push(answered) });
    else rows.push((await manager.query(sql, [...parameters])) as Rows);
  }
  return rows;
}

function pipelineOf(manager: EntityManager): StatementPipeline | undefined {
  return manager.queryRunner ? pipelines.get(manager.queryRunner) : undefined;
}

class StatementPipeline {
  private pending: Deferred[] = [];
  /** START TRANSACTION was given but not sent yet. */
  private beginPending = false;

  constructor(private readonly runner: QueryRunner) {
    const original = runner.query.bind(runner) as RawQuery;
    (runner as { query: RawQuery }).query = (sql, parameters, structured) =>
      this.query(original, sql, parameters, structured);
  }

  defer(statement: Deferred): void {
    this.pending.push(statement);
  }

  private async query(
    original: RawQuery,
    sql: string,
    parameters: unknown[] | undefined,
    structured: boolean | undefined,
  ): Promise<unknown> {
    if (sql === 'START TRANSACTION') {
      this.beginPending = true;
      return undefined;
    }
    if (sql === 'ROLLBACK') {
      this.pending = [];
      // Nothing was sent: there is nothing to roll back.
      if (this.beginPending) {
        this.beginPending = false;
        return undefined;
      }
      return original(sql, parameters, structured);
    }
    if (!this.beginPending && this.pending.length === 0) return original(sql, parameters, structured);
    if (sql === 'COMMIT' && this.pending.length === 0) {
      // A transaction that wrote nothing and read nothing never reached the database.
      this.beginPending = false;
      return undefined;
    }
    const batch = this.pending;
    const statements = [
      ...(this.beginPending ? ['START TRANSACTION'] : []),
      ...batch.map((statement) => inlined(statement.sql, statement.parameters)),
      inlined(sql, parameters ?? []),
    ];
    const leading = this.beginPending ? 1 : 0;
    this.pending = [];
    this.beginPending = false;
    const text = statements.join(';\n');
    const connection = (await this.runner.connect()) as {
      query(text: string): Promise<PgResult | PgResult[]>;
    };
    let results: PgResult[];
    try {
      const answer = await connection.query(text);
      results = Array.isArray(answer) ? answer : [answer];
    } catch (error) {
      throw new QueryFailedError(text, [], error as Error);
    }
    if (results.length !== statements.length)
      throw new Error(
        `a pipelined round trip of ${statements.length} statements gave ${results.length} results: ${text}`,
      );
    batch.forEach((statement, i) => statement.onRows?.(results[leading + i].rows));
    return shaped(results[results.length - 1], structured);
  }
}

/** A statement with its `$n` parameters replaced by literals. */
export function inlined(sql: string, parameters: readonly unknown[]): string {
  if (parameters.length === 0) return sql;
  return sql.replace(/\$(\d+)/g, (placeholder, index: string) => {
    const position = Number(index) - 1;
    if (position >= parameters.length)
      throw new Error(`statement names ${placeholder} but has ${parameters.length} parameters`);
    return literal(parameters[position]);
  });
}

function literal(value: unknown): string {
  const prepared: unknown = prepareValue(value);
  if (prepared === null || prepared === undefined) return 'NULL';
  if (Buffer.isBuffer(prepared)) return `'\\x${prepared.toString('hex')}'::bytea`;
  return quoted(String(prepared));
}

/**
 * pg's `escapeLiteral`, with the same output, without its character-by-character loop (a run's JSON
 * columns make long strings): quotes doubled; with a backslash, backslashes doubled in an E'' string.
 */
export function quoted(text: string): string {
  const escaped = text.includes("'") ? text.replace(/'/g, "''") : text;
  return text.includes('\\') ? ` E'${escaped.replace(/\\/g, '\\\\')}'` : `'${escaped}'`;
}

/** The result as TypeORM's own `query` shapes it (rows; for UPDATE and DELETE, rows and count). */
function shaped(raw: PgResult | undefined, structured: boolean | undefined): unknown {
  const result = new QueryResult();
  if (!raw) return structured ? result : undefined;
  result.records = raw.rows;
  result.affected = raw.rowCount ?? undefined;
  result.raw = raw.command === 'DELETE' || raw.command === 'UPDATE' ? [raw.rows, raw.rowCount] : raw.rows;
  return structured ? result : result.raw;
}
