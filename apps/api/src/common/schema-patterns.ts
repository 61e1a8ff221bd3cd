/**
 * Regular expressions the OpenAPI document declares for values the validators check in code
 * (common/openapi.ts): every string they match is one the API accepts, so clients and fuzzers
 * that generate from the document get past validation. Written for both ECMA-262 and Python
 * (`re`), which tools generating from the document use: ASCII classes only, no lookarounds.
 * test/unit/api/schema-patterns.test.ts checks them against the validators.
 */

/**
 * A JavaScript pattern for the document, read by ECMA-262 and Python tools alike: `\\w` and `\\d`
 * spelled out as the ASCII classes JavaScript means (Python's match any Unicode letter or digit).
 * Null for a pattern with flags, which JSON schema cannot carry.
 */
export function portablePattern(re: RegExp): string | null {
  if (re.flags.replace(/[gu]/g, '')) return null;
  let out = '';
  let inClass = false;
  for (let i = 0; i < re.source.length; i++) {
    const c = re.source[i]!;
    const next = re.source[i + 1];
    if (c === '\\' && (next === 'w' || next === 'd')) {
      const ascii = next === 'w' ? 'A-Za-z0-9_' : '0-9';
      out += inClass ? ascii : `[${ascii}]`;
      i++;
    } else if (c === '\\') {
      out += c + (next ?? '');
      i++;
    } else {
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      out += c;
    }
  }
  return out;
}

/** Text without the NUL character (refused by RejectNulBytesPipe): for strings with no stricter pattern. */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

/**
 * A group matching exactly the decimal numbers from..to of one length (years): a few character
 * classes (`(200[4-9]|20[1-9][0-9])`) rather than one alternative per number, which generators
 * build strategies from far faster.
 */
export function numberRangePattern(from: number, to: number): string {
  const a = String(from);
  const b = String(to);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || a.length !== b.length || from > to) {
    throw new Error(`numberRangePattern: ${from}..${to} must be non-negative integers of one length, from ≤ to`);
  }
  const digit = (lo: number, hi: number) => (lo === hi ? String(lo) : `[${lo}-${hi}]`);
  const range = (lo: string, hi: string): string[] => {
    const l = Number(lo[0]);
    const h = Number(hi[0]);
    if (lo.length === 1) return [digit(l, h)];
    const restLo = lo.slice(1);
    const restHi = hi.slice(1);
    if (l === h) return range(restLo, restHi).map((r) => `${l}${r}`);
    const zeros = '0'.repeat(restLo.length);
    const nines = '9'.repeat(restLo.length);
    const head = restLo === zeros ? [] : range(restLo, nines).map((r) => `${l}${r}`);
    const tail = restHi === nines ? [] : range(zeros, restHi).map((r) => `${h}${r}`);
    const first = restLo === zeros ? l : l + 1;
    const last = restHi === nines ? h : h - 1;
    const middle = first <= last ? [`${digit(first, last)}${'[0-9]'.repeat(restLo.length)}`] : [];
    return [...head, ...middle, ...tail];
  };
  return `(${range(a, b).join('|')})`;
}

export interface Years {
  from: number;
  to: number;
}

/**
 * `YYYY-MM-DD` in the years given. Days 29–31 are left out, so every match exists; with
 * `clearOfYearEnds`, day 01 too, so that no offset moves an instant on that day out of its year.
 */
function datePart(years: Years, clearOfYearEnds = false): string {
  return `${numberRangePattern(years.from, years.to)}-(0[1-9]|1[0-2])-(${clearOfYearEnds ? '0[2-9]' : '0[1-9]'}|1[0-9]|2[0-8])`;
}

/** A calendar date `YYYY-MM-DD` that exists, in the calendar's years (IsCalendarDate, and the years the calendar serves). */
export function calendarDatePattern(years: Years): string {
  return `^${datePart(years)}$`;
}

/**
 * An ISO 8601 instant with an offset that exists (IsCalendarInstant) and whose Asia/Shanghai
 * year is one of `years` (InCalendarYears): seconds, optional milliseconds, `Z` or ±hh:mm.
 */
export function calendarInstantPattern(years: Years): string {
  return `^${datePart(years, true)}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,3})?(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9])$`;
}
