/**
 * Two rows of two tables in one statement, hence one round trip and one atomic write:
 * `WITH first_row AS (INSERT …) INSERT …`. PostgreSQL runs a data-modifying WITH exactly once,
 * referenced or not, and both rows land or neither does. Used where a row and its audit row go
 * together (the registration, the API's most frequent write: npm run bench).
 * The SQL is made once per table and set of columns, from TypeORM's metadata, and the values are
 * converted by TypeORM's driver (jsonb, dates): building it with TypeORM's InsertQueryBuilder on
 * every call was a tenth of the API's CPU per registration (profiled).
 */
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

export interface RowOf<T extends ObjectLiteral> {
  entity: EntityTarget<T>;
  /** Property names as on the entity; undefined ones get the column's default. */
  values: Partial<T>;
}

interface Prepared {
  columns: ColumnMetadata[];
  /** `INSERT INTO t (a, b) VALUES ($<o+1>, $<o+2>)` for a placeholder offset o. */
  sql: (offset: number) => string;
}

const prepared = new WeakMap<object, Map<string, Prepared>>();

function prepare(manager: EntityManager, row: RowOf<ObjectLiteral>): Prepared {
  const meta = manager.connection.getMetadata(row.entity);
  const columns = meta.columns.filter((c) => c.getEntityValue(row.values) !== undefined);
  const key = columns.map((c) => c.databaseName).join(',');
  let byColumns = prepared.get(meta.target as object);
  if (!byColumns) prepared.set(meta.target as object, (byColumns = new Map()));
  let p = byColumns.get(key);
  if (!p) {
    const table = meta.tablePath
      .split('.')
      .map((part) => `"${part}"`)
      .join('.');
    const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
    p = { columns, sql: (o) => `INSERT INTO ${table} (${names}) VALUES (${columns.map((_, i) => `$${o + i + 1}`).join(', ')})` };
    byColumns.set(key, p);
  }
  return p;
}

function valuesOf(manager: EntityManager, row: RowOf<ObjectLiteral>, p: Prepared): unknown[] {
  return p.columns.map((c) => manager.connection.driver.preparePersistentValue(c.getEntityValue(row.values), c) as unknown);
}

/** One row, with the same made-once SQL. */
export async function insertRow<T extends ObjectLiteral>(manager: EntityManager, row: RowOf<T>): Promise<void> {
  const p = prepare(manager, row as RowOf<ObjectLiteral>);
  await manager.query(p.sql(0), valuesOf(manager, row as RowOf<ObjectLiteral>, p));
}

export async function insertTogether<A extends ObjectLiteral, B extends ObjectLiteral>(
  manager: EntityManager,
  first: RowOf<A>,
  second: RowOf<B>,
): Promise<void> {
  const a = prepare(manager, first as RowOf<ObjectLiteral>);
  const b = prepare(manager, second as RowOf<ObjectLiteral>);
  await manager.query(`WITH first_row AS (${a.sql(0)}) ${b.sql(a.columns.length)}`, [
    ...valuesOf(manager, first as RowOf<ObjectLiteral>, a),
    ...valuesOf(manager, second as RowOf<ObjectLiteral>, b),
  ]);
}
