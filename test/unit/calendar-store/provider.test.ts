import type { DataSource } from 'typeorm';
import { calendarProvider } from '../../../libs/calendar-store/provider.js';

/** Just enough of a DataSource: the version counter, the overrides table and the (empty) imported official years. */
function fakeDataSource() {
  const db = {
    version: '1',
    rows: [] as Array<Record<string, unknown>>,
    versionReads: 0,
    tableReads: 0,
  };
  const dataSource = {
    query: async (sql: string) => {
      if (sql.includes('calendar_official_imports')) return [];
      db.versionReads++;
      return [{ version: db.version }];
    },
    getRepository: () => ({
      find: async () => {
        db.tableReads++;
        return db.rows;
      },
    }),
  } as unknown as DataSource;
  return { db, dataSource };
}

describe('SPEC §3 calendarProvider: the calendar in force, rebuilt only when the overrides change', () => {
  it('SPEC §3 checks the version on every call and reads the overrides only when it moved', async () => {
    const { db, dataSource } = fakeDataSource();
    const calendar = calendarProvider(dataSource);
    const first = await calendar();
    expect(await calendar()).toBe(first);
    expect(db).toMatchObject({ versionReads: 2, tableReads: 1 });
    expect(first.isWorkingDay('2026-12-08')).toBe(true);

    db.rows = [
      {
        id: 'a',
        kind: 'closure',
        dateFrom: '2026-12-08',
        dateTo: '2026-12-08',
        nameZh: '闭馆',
        reason: null,
        createdBy: 'u',
        createdAt: new Date(),
      },
    ];
    db.version = '2';
    const second = await calendar();
    expect(second).not.toBe(first);
    expect(second.explainDay('2026-12-08')).toMatchObject({ working: false, kind: 'closure', nameZh: '闭馆' });
    expect(db.tableReads).toBe(2);
  });

  it('SPEC §3 concurrent calls that see a new version share one rebuild', async () => {
    const { db, dataSource } = fakeDataSource();
    const calendar = calendarProvider(dataSource);
    const all = await Promise.all(Array.from({ length: 10 }, () => calendar()));
    expect(new Set(all).size).toBe(1);
    expect(db.tableReads).toBe(1);
  });
});
