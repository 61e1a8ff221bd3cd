import {
  registerDecorator,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidationOptions,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { createCalendar, parseInstant, parseIsoDate, shanghaiDate, type YearRange } from '../../../../libs/calendar/index.js';

/**
 * Dates and instants checked at the edge, with the calendar library's own parsers: what passes
 * here is what the lifecycle and the working-day calendar accept later, so a typo such as
 * 2026-02-30 answers 400 before anything is stored or started. Chinese messages: validation.ts.
 */

const parses = (parse: (v: unknown) => unknown) => (value: unknown) => {
  try {
    parse(value);
    return true;
  } catch {
    return false;
  }
};

/** A real calendar date `YYYY-MM-DD` (2026-02-30 is refused). */
export function IsCalendarDate(options: ValidationOptions = {}): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a calendar date YYYY-MM-DD', ...options },
      validator: { validate: parses((v) => parseIsoDate(v)) },
    });
}

export interface CalendarInstantOptions extends ValidationOptions {
  /**
   * The instant's year must also leave a year of the calendar after it (not its last year), so
   * that deadlines counted from it (up to 10 working days, R-7.3) always fall inside the calendar.
   */
  roomAfter?: boolean;
}

/**
 * An ISO 8601 instant with an offset that exists (`2026-02-30T10:00:00+08:00` does not) and whose
 * Asia/Shanghai year the working-day calendar covers (`supportedRange`).
 */
export function IsCalendarInstant({ roomAfter = false, ...options }: CalendarInstantOptions = {}): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isCalendarInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an existing ISO 8601 instant with an offset, such as 2026-11-20T09:00:00+08:00', ...options },
      validator: { validate: parses((v) => parseInstant(v)) },
    });
    InCalendarYears({ roomAfter, ...options })(target, propertyName);
  };
}

/**
 * The year half of `IsCalendarInstant`: an instant that parses must fall in the calendar's years
 * (one that does not parse passes here and is reported by whoever parses it).
 */
export function InCalendarYears({ roomAfter = false, ...options }: CalendarInstantOptions = {}): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'inCalendarYears',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [roomAfter],
      options,
      validator: CalendarYearsConstraint,
    });
}

let coveredYears: Readonly<YearRange> | undefined;

/**
 * The years the working-day calendar covers, for `IsCalendarInstant`: createApp sets them from the
 * API's calendar. They depend only on the official data the process loaded, never on the
 * association's overrides, so they are one value per process; unset, they are read from a
 * calendar built here.
 */
export function useCalendarYears(range: Readonly<YearRange>): void {
  coveredYears = range;
}

/** The years request dates must fall in (also declared in the OpenAPI document's patterns). */
export function calendarYears(): Readonly<YearRange> {
  coveredYears ??= createCalendar().supportedRange;
  return coveredYears;
}

/** The year check of `IsCalendarInstant`. */
@ValidatorConstraint({ name: 'inCalendarYears' })
class CalendarYearsConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    let instant: Date;
    try {
      instant = parseInstant(value);
    } catch {
      return true; // isCalendarInstant reports it
    }
    const { from, to } = years(args);
    const year = Number(shanghaiDate(instant).slice(0, 4));
    return year >= from && year <= to;
  }

  defaultMessage(args: ValidationArguments): string {
    const { from, to } = years(args);
    return `$property must fall within the years the working-day calendar covers: ${from}–${to}`;
  }
}

function years(args: ValidationArguments): YearRange {
  const { from, to } = calendarYears();
  return { from, to: args.constraints?.[0] === true ? to - 1 : to };
}
