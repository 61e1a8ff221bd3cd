/**
 * The SQL a list service really runs, captured from TypeORM's query log (the services run on a
 * DataSource of this process whose logger records every statement), and its plan:
 * EXPLAIN (ANALYZE, BUFFERS) with the same parameters. The bench prints these beside its figures,
 * so a figure can be read against the plan it came from.
 */
import { DataSource, type Logger } from 'typeorm';
import { dataSourceOptions } from '../../libs/db/data-source.js';

export interface Statement {
  sql: string;
  params: unknown[];
}

/** Records the statements run while `capture` is running; ignores everything else. */
class CapturingLogger implements Logger {
  recording: Statement[] | null = null;
  logQuery(query: string, parameters?: unknown[]): void {
    this.recording?.push({ sql: query, params: parameters ?? [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export interface PlanProbe {
  dataSource: DataSource;
  /** The statements `run` sent, in order. */
  capture(run: () => Promise<unknown>): Promise<Statement[]>;
  /** EXPLAIN (ANALYZE, BUFFERS) of one statement, as text lines. */
  explain(s: Statement): Promise<string[]>;
  destroy(): Promise<void>;
}

export async function planProbe(databaseUrl: string): Promise<PlanProbe> {
  const logger = new CapturingLogger();
  const dataSource = await new DataSource({ ...dataSourceOptions(databaseUrl), logger, logging: true }).initialize();
  return {
    dataSource,
    async capture(run) {
      const recording: Statement[] = [];
      logger.recording = recording;
      try {
        await run();
      } finally {
        logger.recording = null;
      }
      return recording;
    },
    async explain({ sql, params }) {
      const rows = (await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params)) as Array<{ 'QUERY PLAN': string }>;
      return rows.map((r) => r['QUERY PLAN']);
    },
    destroy: () => dataSource.destroy(),
  };
}

/** One line of SQL; TypeORM's long column list shortened to its count (the plan shows what is read). */
export function shortSql(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.replace(/^SELECT (.{300,}?) FROM /, (_m, cols: string) => `SELECT <${cols.split(',').length} columns> FROM `);
}
