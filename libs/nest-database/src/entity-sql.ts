import { type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { type ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { deferWrite } from './pipelined-transaction';

type Row = Record<string, unknown>;

export interface InsertOptions<T> {
  /** Properties to read back (e.g. a generated id), in row order. */
  returning?: Array<keyof T & string>;
  onConflictDoNothing?: boolean;
  /** An upsert: on a conflict on `key`, these properties take the inserted row's values. */
  onConflictUpdate?: { key: Array<keyof T & string>; set: Array<keyof T & string> };
}

const cache = new WeakMap<DataSource, Map<EntityTarget<ObjectLiteral>, EntitySql<ObjectLiteral>>>();

/**
 * Plain parameterised SQL for an entity's hot statements (insert rows, update one, read rows back),
 * derived once from its TypeORM metadata. On a path that runs for every message, building a statement
 * with TypeORM's query builder costs more CPU than the database spends running it.
 */
export class EntitySql<T extends ObjectLiteral> {
  private readonly byProperty: Map<string, ColumnMetadata>;

  private constructor(
    /** `"schema"."table"`, quoted. */
    readonly table: string,
    private readonly columns: ColumnMetadata[],
  ) {
    this.byProperty = new Map(columns.map((column) => [column.propertyName, column]));
  }

  static of<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>): EntitySql<T> {
    const connection = manager.connection;
    let forConnection = cache.get(connection);
    if (!forConnection) {
      forConnection = new Map();
      cache.set(connection, forConnection);
    }
    let sql = forConnection.get(target as EntityTarget<ObjectLiteral>);
    if (!sql) {
      const metadata = connection.getMetadata(target);
      const table = `"${metadata.schema ?? 'public'}"."${metadata.tableName}"`;
      sql = new EntitySql<ObjectLiteral>(table, metadata.columns);
      forConnection.set(target as EntityTarget<ObjectLiteral>, sql);
    }
    return sql as unknown as EntitySql<T>;
  }

  /** The column a property is stored in, quoted. */
  column(property: keyof T & string): string {
    return `"${this.columnOf(property).databaseName}"`;
  }

  /**
   * Inserts rows in one statement. Properties a row leaves undefined get the column's default; `returning`
   * names properties to read back (e.g. a generated id), in row order. Without `returning` the statement
   * is a deferred write (it travels with the transaction's next round trip when the transaction is
   * pipelined) and the result is empty.
   */
  async insert(
    manager: EntityManager,
    rows: Array<Partial<T>>,
    options: InsertOptions<T> = {},
  ): Promise<Row[]> {
    if (rows.length === 0) return [];
    const { sql, parameters } = this.insertStatement(rows, options);
    if (!options.returning?.length) {
      await deferWrite(manager, sql, parameters);
      return [];
    }
    const result: unknown = await manager.query(sql, parameters);
    return Array.isArray(result) ? (result as Row[]).map((raw) => this.fromRow(raw) as Row) : [];
  }

  /** The same insert as a deferred write; `onRows` gets the `returning` properties, in row order. */
  async insertDeferred(
    manager: EntityManager,
    rows: Array<Partial<T>>,
    options: InsertOptions<T>,
    onRows: (rows: Row[]) => void,
  ): Promise<void> {
    if (rows.length === 0) return onRows([]);
    const { sql, parameters } = this.insertStatement(rows, options);
    await deferWrite(manager, sql, parameters, (raw) => onRows(raw.map((r) => this.fromRow(r) as Row)));
  }

  private insertStatement(
    rows: Array<Partial<T>>,
    options: InsertOptions<T>,
  ): { sql: string; parameters: unknown[] } {
    const properties = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((property) =>
      this.byProperty.has(property),
    );
    const parameters: unknown[] = [];
    const tuples = rows.map((row) => {
      const values = properties.map((property) => {
        const value = (row as Row)[property];
        if (value === undefined) return 'default';
        parameters.push(this.toDatabase(property, value));
        return `$${parameters.length}`;
      });
      return `(${values.join(', ')})`;
    });
    const returning = options.returning?.length
      ? ` returning ${options.returning.map((property) => this.column(property)).join(', ')}`
      : '';
    const sql =
      `insert into ${this.table} (${properties.map((p) => this.column(p as keyof T & string)).join(', ')}) ` +
      `values ${tuples.join(', ')}${this.onConflict(options)}${returning}`;
    return { sql, parameters };
  }

  private onConflict(options: InsertOptions<T>): string {
    if (options.onConflictDoNothing) return ' on conflict do nothing';
    if (!options.onConflictUpdate) return '';
    const { key, set } = options.onConflictUpdate;
    const assignments = set.map((property) => `${this.column(property)} = excluded.${this.column(property)}`);
    return ` on conflict (${key.map((property) => this.column(property)).join(', ')}) do update set ${assignments.join(', ')}`;
  }

  /** Updates the rows matching `where` (equality on each property) with `changes`; a deferred write. */
  async update(manager: EntityManager, where: Partial<T>, changes: Partial<T>): Promise<void> {
    const parameters: unknown[] = [];
    const assign = (entries: Array<[string, unknown]>, separator: string) =>
      entries
        .filter(([, value]) => value !== undefined)
        .map(([property, value]) => {
          parameters.push(this.toDatabase(property, value));
          return `${this.column(property as keyof T & string)} = $${parameters.length}`;
        })
        .join(separator);
    const set = assign(Object.entries(changes), ', ');
    if (set === '') return;
    const condition = assign(Object.entries(where), ' and ');
    await deferWrite(manager, `update ${this.table} set ${set} where ${condition}`, parameters);
  }

  /** A row as the database returned it (column names) as the entity's properties. */
  fromRow(raw: Row): T {
    const entity: Row = {};
    for (const column of this.columns) {
      if (column.databaseName in raw) entity[column.propertyName] = raw[column.databaseName];
    }
    return entity as T;
  }

  private columnOf(property: string): ColumnMetadata {
    const column = this.byProperty.get(property);
    if (!column) throw new Error(`${this.table} has no column for property "${property}"`);
    return column;
  }

  /** pg sends objects as JSON but arrays as PostgreSQL arrays: JSON columns get JSON text. */
  private toDatabase(property: string, value: unknown): unknown {
    if (value === null) return null;
    const type = this.columnOf(property).type;
    return type === 'jsonb' || type === 'json' ? JSON.stringify(value) : value;
  }
}
