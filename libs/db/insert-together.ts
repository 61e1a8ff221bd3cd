/**
 * Two rows of two tables in one statement, hence one round trip and one atomic write:
 * `WITH first AS (INSERT …) INSERT …`. PostgreSQL runs a data-modifying WITH exactly once, referenced
 * or not, and both rows land or neither does. Used where a row and its audit row go together (the
 * registration, the API's most frequent write: each round trip costs the API CPU, npm run bench).
 */
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';

export interface RowOf<T extends ObjectLiteral> {
  entity: EntityTarget<T>;
  values: QueryDeepPartialEntity<T>;
}

export async function insertTogether<A extends ObjectLiteral, B extends ObjectLiteral>(
  manager: EntityManager,
  first: RowOf<A>,
  second: RowOf<B>,
): Promise<void> {
  // updateEntity(false): no RETURNING of generated columns, nothing is read back.
  const build = <T extends ObjectLiteral>(row: RowOf<T>) =>
    manager.createQueryBuilder().insert().into(row.entity).values(row.values).updateEntity(false).getQueryAndParameters();
  const [firstSql, firstParams] = build(first);
  const [secondSql, secondParams] = build(second);
  // The second statement's placeholders follow the first's ($1… become $n+1…). TypeORM writes only
  // placeholders and DEFAULT/expression defaults into VALUES, never a literal `$`.
  const shifted = secondSql.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + firstParams.length}`);
  await manager.query(`WITH first_row AS (${firstSql}) ${shifted}`, [...firstParams, ...secondParams]);
}
