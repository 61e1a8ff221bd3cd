/**
 * What the OpenAPI document declares, the API accepts: every string matching a declared pattern
 * passes the validator behind it (generated data gets past validation), and the helpers that
 * build them are exact.
 */
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import fc from 'fast-check';
import { RegisterActivityDto } from '../../../apps/api/src/activities/dto/register-activity.dto.js';
import {
  calendarDatePattern,
  calendarInstantPattern,
  NO_NUL_PATTERN,
  numberRangePattern,
  portablePattern,
} from '../../../apps/api/src/common/schema-patterns.js';
import { createCalendar, parseIsoDate } from '../../../libs/calendar/index.js';

const years = createCalendar().supportedRange;
const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: false };

describe('numberRangePattern', () => {
  it('matches exactly the numbers of the range, for ranges of every length', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((digits) => {
          const lo = digits === 1 ? 0 : 10 ** (digits - 1);
          const hi = 10 ** digits - 1;
          return fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: hi }), fc.constant([lo, hi] as const));
        }),
        ([a, b, [lo, hi]]) => {
          const [from, to] = a <= b ? [a, b] : [b, a];
          const re = new RegExp(`^${numberRangePattern(from, to)}$`);
          for (let n = lo; n <= hi; n++) if (re.test(String(n)) !== (n >= from && n <= to)) return false;
          return true;
        },
      ),
      { numRuns: 60 },
    );
  });

  it('writes the calendar years as a few classes', () => {
    expect(numberRangePattern(2004, 2099)).toBe('(200[4-9]|20[1-9][0-9])');
    expect(() => numberRangePattern(99, 1000)).toThrow();
  });
});

describe('portablePattern', () => {
  it('spells out \\w and \\d as the ASCII classes JavaScript means, inside and outside classes', () => {
    expect(portablePattern(/^[\w. /:{}-]{1,100}$/)).toBe('^[A-Za-z0-9_. /:{}-]{1,100}$');
    expect(portablePattern(/^\d{4}-\w+$/)).toBe('^[0-9]{4}-[A-Za-z0-9_]+$');
    expect(portablePattern(/^a\\w$/)).toBe('^a\\\\w$');
    expect(portablePattern(/^[a-z]+$/i)).toBeNull();
  });

  it('keeps what the validators accept', () => {
    const re = new RegExp(portablePattern(/^[\w. /:{}-]{1,100}$/)!);
    for (const ok of ['user.', 'summary.read', 'POST /api/x/{id}']) expect(re.test(ok)).toBe(true);
    expect(re.test('用户')).toBe(false);
  });
});

describe('declared patterns accept only what the validators accept', () => {
  it('calendar dates exist and fall in the calendar’s years', () => {
    fc.assert(
      fc.property(fc.stringMatching(new RegExp(calendarDatePattern(years))), (date) => {
        expect(parseIsoDate(date)).toBe(date);
        const year = Number(date.slice(0, 4));
        return year >= years.from && year <= years.to;
      }),
    );
  });

  it('calendar instants are registrable start and end times (IsCalendarInstant)', async () => {
    const body = (startAt: string, endAt: string) => ({
      name: '研讨会',
      type: 'seminar',
      leadDepartment: 'publicity',
      startAt,
      endAt,
      location: '协会多功能厅',
      plannedParticipants: { online: 1, offline: 1 },
      releasesPolicy: false,
    });
    const errorsOf = async (startAt: string, endAt: string) =>
      (await validate(plainToInstance(RegisterActivityDto, body(startAt, endAt)), OPTIONS)).map((e) => e.property);
    // endAt's pattern leaves the calendar's last year out (room for its deadlines): one instant fits both fields.
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(new RegExp(calendarInstantPattern({ from: years.from, to: years.to - 1 }))), async (instant) => {
        expect(await errorsOf(instant, instant)).toEqual([]);
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(new RegExp(calendarInstantPattern(years))), async (startAt) => {
        expect(await errorsOf(startAt, '2026-11-20T17:30:00+08:00')).not.toContain('startAt');
      }),
      { numRuns: 60 },
    );
  });

  it('free text declares that it holds no NUL character', () => {
    const re = new RegExp(NO_NUL_PATTERN);
    expect(re.test('活动总结 ok')).toBe(true);
    expect(re.test('a\u0000b')).toBe(false);
  });
});
