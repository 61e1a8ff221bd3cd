import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { calendarProvider } from '../../../../libs/calendar-store/provider.js';
import { CalendarOverrideStore } from '../../../../libs/calendar-store/store.js';
import { CalendarChangeNotifier } from './calendar-change.notifier.js';
import { CalendarController } from './calendar.controller.js';
import { CALENDAR, CalendarService } from './calendar.service.js';

/** Exports the notifier to other API modules; the worker reaches the same feed through libs/temporal/calendar-changed.ts. */
@Module({
  controllers: [CalendarController],
  providers: [
    CalendarService,
    CalendarChangeNotifier,
    { provide: CalendarOverrideStore, useFactory: (ds: DataSource) => new CalendarOverrideStore(ds), inject: [getDataSourceToken()] },
    // The same provider as the worker's: sees an admin's edit on the next request.
    { provide: CALENDAR, useFactory: (ds: DataSource) => calendarProvider(ds), inject: [getDataSourceToken()] },
  ],
  exports: [CalendarChangeNotifier, CALENDAR],
})
export class CalendarModule {}
