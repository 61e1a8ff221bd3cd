import { announceOfficialYears, describeYears } from '../../../apps/worker/src/official-years.js';

/** calendar_official_years in memory, logging every statement and every announcement in order. */
function fakes(recorded: number[], { failAnnounce = false } = {}) {
  const years = new Set(recorded);
  const log: string[] = [];
  const db = {
    query: async (sql: string, params: [number[]] = [[]]) => {
      if (sql.startsWith('SELECT')) return [...years].map((year) => ({ year }));
      if (sql.startsWith('INSERT')) {
        log.push(`insert ${params[0].join(',')}`);
        for (const y of params[0]) years.add(y);
      } else if (sql.startsWith('DELETE')) {
        log.push(`delete ${params[0].join(',')}`);
        for (const y of params[0]) years.delete(y);
      }
      return [];
    },
  };
  const announce = async (reason: string) => {
    log.push(`signal ${reason}`);
    if (failAnnounce) throw new Error('Temporal unavailable');
    return 3;
  };
  return { db: db as never, announce, log, years };
}

describe('a newly published official year (SPEC §3: a deadline a calendar change moves is recomputed)', () => {
  it('signals every running lifecycle with the year, then records it', async () => {
    const f = fakes([2024, 2025]);
    const result = await announceOfficialYears({ db: f.db, announce: f.announce, officialYears: [2024, 2025, 2026] });
    expect(result).toEqual({ published: [2026], withdrawn: [], reason: 'official schedule published for 2026', signalled: 3 });
    expect(f.log).toEqual(['signal official schedule published for 2026', 'insert 2026']);
    expect([...f.years].sort()).toEqual([2024, 2025, 2026]);
  });

  it('signals nothing when the recorded set equals the calendar’s', async () => {
    const f = fakes([2024, 2025, 2026]);
    expect(await announceOfficialYears({ db: f.db, announce: f.announce, officialYears: [2026, 2024, 2025] })).toEqual({
      published: [],
      withdrawn: [],
      reason: null,
      signalled: 0,
    });
    expect(f.log).toEqual([]);
  });

  it('on a first start (empty table) records every year and signals too', async () => {
    const f = fakes([]);
    const result = await announceOfficialYears({ db: f.db, announce: f.announce, officialYears: [2004, 2005, 2006, 2026] });
    expect(result.reason).toBe('official schedule published for 2004–2006, 2026');
    expect(f.log).toEqual(['signal official schedule published for 2004–2006, 2026', 'insert 2004,2005,2006,2026']);
  });

  it('records nothing when signalling fails, so the next start signals again', async () => {
    const f = fakes([2025], { failAnnounce: true });
    const officialYears = [2025, 2026];
    await expect(announceOfficialYears({ db: f.db, announce: f.announce, officialYears })).rejects.toThrow('Temporal unavailable');
    expect([...f.years]).toEqual([2025]);
    const retry = fakes([...f.years]);
    expect((await announceOfficialYears({ db: retry.db, announce: retry.announce, officialYears })).published).toEqual([2026]);
  });

  it('a year no longer official (older package data) is signalled as withdrawn and forgotten', async () => {
    const f = fakes([2025, 2026, 2027]);
    const result = await announceOfficialYears({ db: f.db, announce: f.announce, officialYears: [2025, 2026] });
    expect(result).toMatchObject({ published: [], withdrawn: [2027], reason: 'official schedule withdrawn for 2027' });
    expect(f.log).toEqual(['signal official schedule withdrawn for 2027', 'delete 2027']);
  });

  it('describes years with ranges for runs of three or more', () => {
    expect(describeYears([2027])).toBe('2027');
    expect(describeYears([2026, 2027])).toBe('2026, 2027');
    expect(describeYears([2004, 2005, 2006, 2008, 2010, 2011, 2012])).toBe('2004–2006, 2008, 2010–2012');
  });
});
