import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CalendarInputError,
  dueAfterWorkingDays,
  loadOfficialData,
  parseInstant,
  validateImportedYear,
  type ImportedOfficialYear,
} from '../../../../libs/calendar/index.js';
import type { CalendarOverrideRecord, NewCalendarOverride } from '../../../../libs/calendar-store/overrides.js';
import type { CalendarProvider } from '../../../../libs/calendar-store/provider.js';
import { CalendarOverrideStore } from '../../../../libs/calendar-store/store.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { CalendarChangeNotifier } from './calendar-change.notifier.js';
import type {
  CalendarOverrideCreated,
  CalendarOverrideDeleted,
  CalendarYearView,
  DeadlineView,
  OfficialYearImported,
} from './calendar-views.dto.js';

export const CALENDAR = Symbol('CALENDAR');

@Injectable()
export class CalendarService {
  private readonly logger = new Logger(CalendarService.name);

  constructor(
    @Inject(CALENDAR) private readonly calendar: CalendarProvider,
    private readonly store: CalendarOverrideStore,
    private readonly notifier: CalendarChangeNotifier,
  ) {}

  async year(year: number): Promise<CalendarYearView> {
    const cal = await this.calendar();
    const days = cal.year(year);
    const official = cal.isOfficialYear(year);
    return { year, official, source: official ? cal.officialSource : 'provisional', days };
  }

  async deadline(after: string, workingDays: number): Promise<DeadlineView> {
    // An unencoded `+` in a query string arrives as a space: `…17:00:00 08:00`.
    const instant = parseInstant(after.replace(/ (\d{2}:\d{2})$/, '+$1'), 'after');
    const cal = await this.calendar();
    try {
      const due = dueAfterWorkingDays(cal, instant, workingDays);
      return { dueAt: due.dueAt.toISOString(), dueDate: due.dueDate, provisional: due.provisional };
    } catch (err) {
      // The library names its count `days`; this endpoint calls it `workingDays`.
      if (err instanceof CalendarInputError && err.field === 'days')
        throw new CalendarInputError('workingDays', err.message, err.messageZh);
      throw err;
    }
  }

  list(): Promise<CalendarOverrideRecord[]> {
    return this.store.list();
  }

  async create(input: NewCalendarOverride, actor: Actor): Promise<CalendarOverrideCreated> {
    const created = await this.store.create(input, actor.userId);
    return { ...created, workflowsSignalled: await this.announce(`created ${describe(created)}`) };
  }

  async remove(id: string): Promise<CalendarOverrideDeleted> {
    const deleted = await this.store.remove(id);
    if (!deleted) throw new ApiError(ErrorCode.NOT_FOUND, 'No calendar override with this id', '未找到该日历条目');
    return { id, deleted, workflowsSignalled: await this.announce(`deleted ${describe(deleted)}`) };
  }

  /**
   * An official year imported from the State Council notice before a package release carries it
   * (SPEC §3): stored, then every running lifecycle recomputes its deadlines, which were
   * provisional in that year. A year the package already has is refused (409); importing a year
   * again replaces it (a corrected notice).
   */
  async importOfficialYear(input: ImportedOfficialYear, actor: Actor): Promise<OfficialYearImported> {
    if (loadOfficialData().years.includes(input.year))
      throw new ApiError(
        ErrorCode.CALENDAR_CONFLICT,
        `${input.year} is official already (${loadOfficialData().source}); nothing was changed`,
        `${input.year} 年的放假安排已随日历数据发布，本次未做任何更改`,
        [
          {
            field: 'year',
            code: 'alreadyOfficial',
            message: `${input.year} is official already`,
            messageZh: `${input.year} 年已是正式安排`,
          },
        ],
      );
    validateImportedYear(input);
    await this.store.saveImportedYear(input, actor.userId);
    const workflowsSignalled = await this.announce(`official year ${input.year} imported (${input.source})`, 'calendar');
    return { ...(await this.year(input.year)), workflowsSignalled };
  }

  /**
   * The change is committed whatever happens here, so a Temporal outage does not fail the
   * request: it is logged, and the answer says nobody was told (workflowsSignalled: null).
   */
  private async announce(what: string, subject = 'calendar override'): Promise<number | null> {
    const reason = `${subject} ${what}`;
    try {
      return await this.notifier.calendarChanged(reason);
    } catch (err) {
      this.logger.error(`${reason}, but running workflows were not told: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }
}

function describe(o: CalendarOverrideRecord): string {
  return `${o.kind} ${o.dateFrom === o.dateTo ? o.dateFrom : `${o.dateFrom}..${o.dateTo}`} ${o.nameZh} (${o.id})`;
}
