import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MIGRATIONS, dataSourceOptions } from '../../../libs/db/data-source.js';
import { ListIndexes1764190001700 } from '../../../libs/db/migrations/1764190001700-list-indexes.js';
import { activityListQueries } from '../../../apps/api/src/activities/activity-list-query.js';
import { StageListOrder1764190001740 } from '../../../libs/db/migrations/1764190001740-stage-list-order.js';

/**
 * The list indexes (issue 16 item 3) on the run's PostgreSQL, in databases of the test's own:
 * up creates them in place of the single-column ones, down gives back exactly the indexes the
 * earlier migrations left, and up again the same as the first time.
 */
const TABLES = ['activities', 'escalations', 'notifications'];
const upTo = (last: (typeof MIGRATIONS)[number]) => MIGRATIONS.slice(0, MIGRATIONS.indexOf(last) + 1);

const server = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
const created: string[] = [];

async function database(migrations: typeof MIGRATIONS): Promise<DataSource> {
  const name = `list_indexes_${randomUUID().slice(0, 8)}`;
  await server.query(`CREATE DATABASE ${name}`);
  created.push(name);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const db = await new DataSource({ ...dataSourceOptions(url.toString(), { statementTimeoutMs: 0 }), migrations }).initialize();
  await db.runMigrations({ transaction: 'each' });
  return db;
}

/** `indexname: definition` of the list tables' indexes. */
async function indexes(db: DataSource): Promise<string[]> {
  const rows = (await db.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY($1) ORDER BY indexname`, [
    TABLES,
  ])) as Array<{ indexname: string; indexdef: string }>;
  return rows.map((r) => `${r.indexname}: ${r.indexdef}`);
}

const names = (defs: string[]) => defs.map((d) => d.split(':')[0]);

/** The list tables' indexes just before `migration`, and a database migrated up to it (destroy it after). */
async function aroundMigration(migration: (typeof MIGRATIONS)[number]): Promise<{ expectedBefore: string[]; db: DataSource }> {
  const before = await database(MIGRATIONS.slice(0, MIGRATIONS.indexOf(migration)));
  const expectedBefore = await indexes(before);
  await before.destroy();
  return { expectedBefore, db: await database(upTo(migration)) };
}

beforeAll(() => server.initialize());
afterAll(async () => {
  for (const name of created) await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await server.destroy();
});

describe('migration ListIndexes1764190001700', () => {
  it('is registered, in timestamp order, after every migration before it', () => {
    const stamps = MIGRATIONS.map((m) => Number(/(\d{13})$/.exec(m.name)?.[1]));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(MIGRATIONS).toContain(ListIndexes1764190001700);
    expect(new ListIndexes1764190001700().name).toBe('ListIndexes1764190001700');
  });

  it('replaces the single-column indexes, and down gives back exactly what the earlier migrations made', async () => {
    const { expectedBefore, db } = await aroundMigration(ListIndexes1764190001700);
    try {
      const up = await indexes(db);
      expect(names(up)).toEqual(
        expect.arrayContaining([
          'activities_department_list_idx',
          'activities_stage_list_idx',
          'activities_type_list_idx',
          'activities_overdue_list_idx',
          'activities_name_trgm_idx',
          'escalations_list_idx',
          'escalations_department_list_idx',
          'notifications_inbox_idx',
          'notifications_inbox_unread_idx',
        ]),
      );
      for (const gone of [
        'activities_lead_department_idx',
        'activities_stage_idx',
        'escalations_department_idx',
        'notifications_user_idx',
        'notifications_unread_idx',
      ]) {
        expect(names(up)).not.toContain(gone);
      }

      await db.undoLastMigration({ transaction: 'each' });
      expect(await indexes(db)).toEqual(expectedBefore);

      await db.runMigrations({ transaction: 'each' });
      expect(await indexes(db)).toEqual(up);
    } finally {
      await db.destroy();
    }
  });
});

describe('migration StageListOrder1764190001740', () => {
  it('keys the stage list in the list order, and down gives back the index before it', async () => {
    const { expectedBefore, db } = await aroundMigration(StageListOrder1764190001740);
    try {
      const up = await indexes(db);
      expect(up).toContain(
        'activities_stage_list_idx: CREATE INDEX activities_stage_list_idx ON public.activities ' +
          'USING btree (stage, end_at DESC, id, type, is_overdue)',
      );
      expect(names(up)).toEqual(names(expectedBefore));

      // A stage correlated with age (the old activities are RETAINED): its page comes from its
      // own index, in order, not from walking end_at_idx past every newer activity.
      await db.query(
        `INSERT INTO activities (id, name, type, lead_department, start_at, end_at, location, planned_online, planned_offline,
                                 releases_policy, is_major, permanent, workflow_id, stage)
         SELECT gen_random_uuid(), 'a' || i, 'training', 'publicity', e, e, 'hall', 0, 0, false, false, false, 'wf-' || i,
                CASE WHEN i < 16000 THEN 'RETAINED' ELSE 'DRAFTING' END
           FROM generate_series(0, 19999) i, LATERAL (SELECT timestamptz '2023-01-01' + i * interval '1 hour') t(e)`,
      );
      await db.query(`VACUUM ANALYZE activities`);
      const [sql, params] = activityListQueries(db, { stage: 'RETAINED', page: 3 }).rows.getQueryAndParameters();
      const plan = ((await db.query(`EXPLAIN ${sql}`, params)) as Array<{ 'QUERY PLAN': string }>).map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('Index Only Scan using activities_stage_list_idx');
      expect(plan).not.toContain('activities_end_at_idx');

      await db.undoLastMigration({ transaction: 'each' });
      expect(await indexes(db)).toEqual(expectedBefore);
    } finally {
      await db.destroy();
    }
  });
});
