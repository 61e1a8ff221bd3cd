import { QueryFailedError, type DataSource } from 'typeorm';
import type { CalendarOverrides, ImportedOfficialYear, IsoDate } from '../calendar/index.js';
import { CalendarOverrideEntity } from '../db/entities/calendar-override.entity.js';
import {
  findOverlaps,
  OverrideConflictError,
  toCalendarOverrides,
  validateNewOverride,
  type CalendarOverrideRecord,
  type NewCalendarOverride,
} from './overrides.js';

/** PostgreSQL exclusion_violation: a concurrent insert took one of the days first. */
const EXCLUSION_VIOLATION = '23P01';

function toRecord(e: CalendarOverrideEntity): CalendarOverrideRecord {
  return {
    id: e.id,
    kind: e.kind,
    dateFrom: e.dateFrom as IsoDate,
    dateTo: e.dateTo as IsoDate,
    nameZh: e.nameZh,
    reason: e.reason,
    createdBy: e.createdBy,
    createdAt: e.createdAt.toISOString(),
  };
}

/** The association's closures and extra working days in PostgreSQL (table calendar_overrides). */
export class CalendarOverrideStore {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(CalendarOverrideEntity);
  }

  /** Bumped by a trigger on every change of calendar_overrides: one primary-key read. */
  async version(): Promise<string> {
    const rows: Array<{ version: string }> = await this.dataSource.query('SELECT version FROM calendar_overrides_version WHERE id');
    return rows[0]?.version ?? '0';
  }

  async list(): Promise<CalendarOverrideRecord[]> {
    return (await this.repo.find({ order: { dateFrom: 'ASC' } })).map(toRecord);
  }

  async overrides(): Promise<CalendarOverrides> {
    return toCalendarOverrides(await this.list());
  }

  /** Official years an admin imported (table calendar_official_imports), oldest first. */
  async importedYears(): Promise<ImportedOfficialYear[]> {
    const rows = (await this.dataSource.query(
      `SELECT year, source, holidays, workdays FROM calendar_official_imports ORDER BY year`,
    )) as ImportedOfficialYear[];
    return rows.map((r) => ({ year: Number(r.year), source: r.source, holidays: r.holidays, workdays: r.workdays }));
  }

  /** Stores (or replaces, to correct it) an imported year; validated by the caller. */
  async saveImportedYear(y: ImportedOfficialYear, importedBy: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO calendar_official_imports (year, source, holidays, workdays, imported_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (year) DO UPDATE SET source = $2, holidays = $3, workdays = $4, imported_by = $5, imported_at = now()`,
      [y.year, y.source, JSON.stringify(y.holidays), JSON.stringify(y.workdays), importedBy],
    );
    // Recorded as announced: the import's own calendarChanged tells the running lifecycles.
    await this.dataSource.query(`INSERT INTO calendar_official_years (year) VALUES ($1) ON CONFLICT DO NOTHING`, [y.year]);
  }

  /** Validates against the stored entries, then inserts. Throws the calendar library's errors. */
  async create(input: NewCalendarOverride, createdBy: string): Promise<CalendarOverrideRecord> {
    const valid = validateNewOverride(await this.list(), input);
    try {
      const saved = await this.repo.save(this.repo.create({ ...valid, createdBy }));
      return toRecord(saved);
    } catch (err) {
      if (!(err instanceof QueryFailedError) || (err.driverError as { code?: string }).code !== EXCLUSION_VIOLATION) throw err;
      // Lost a race with another admin: name the entry that won, as the pre-check would have.
      throw new OverrideConflictError(valid, findOverlaps(await this.list(), valid));
    }
  }

  /** Deletes one entry; null when there was none with this id. */
  async remove(id: string): Promise<CalendarOverrideRecord | null> {
    const found = await this.repo.findOneBy({ id });
    if (!found) return null;
    const { affected } = await this.repo.delete({ id });
    return affected ? toRecord(found) : null;
  }
}
