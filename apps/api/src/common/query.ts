import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Query strings are text: only `true`/`false` become booleans (anything else fails IsBoolean). */
export const toBoolean = Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

/**
 * Query strings are text: only a plain decimal integer becomes a number, so `1.5`, `1e3`,
 * `5.9e81`, `0x10` and `''` stay strings and fail IsInt (`Number()` would take most of them).
 */
export const toInteger = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' && /^[+-]?\d{1,15}$/.test(value) ? Number(value) : value,
);

/** Bounds of every paginated list: page 1–10000, pageSize 1–100. */
export const PAGE_MAX = 10_000;
export const PAGE_SIZE_MAX = 100;

/** `page` and `pageSize` of every paginated list (`{ items, total, page, pageSize }`). */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', example: 1, default: 1, minimum: 1, maximum: PAGE_MAX })
  @IsOptional()
  @toInteger
  @IsInt()
  @Min(1)
  @Max(PAGE_MAX)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', example: 20, default: 20, minimum: 1, maximum: PAGE_SIZE_MAX })
  @IsOptional()
  @toInteger
  @IsInt()
  @Min(1)
  @Max(PAGE_SIZE_MAX)
  pageSize?: number;
}

/** `total`, `page` and `pageSize` of every paginated answer; each page class adds its typed `items`. */
export class PageInfo {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Items on every page together' })
  total: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: PAGE_MAX })
  page: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: PAGE_SIZE_MAX })
  pageSize: number;
}

/**
 * Where a list's total stops counting. A total is a scan of every matching index entry: over the
 * admin's ~100,000 activities that was 15–34 ms of database time per page (npm run bench, lists),
 * for a figure nobody pages through. Up to the cap a total is exact; beyond it a page answers
 * `total: TOTAL_CAP, totalExact: false` and the web app says "more than 10,000, narrow the filters".
 */
export const TOTAL_CAP = 10_000;

/** `PageInfo` of a list whose total may stop at TOTAL_CAP (the activity list, the escalation board). */
export class CappedPageInfo extends PageInfo {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: TOTAL_CAP,
    description: `Items on every page together, counted up to ${TOTAL_CAP} (see totalExact)`,
  })
  declare total: number;

  @ApiProperty({
    example: true,
    description: `false when the list has more items than \`total\`: counting stops at ${TOTAL_CAP} (narrow the filters to count them all)`,
  })
  totalExact: boolean;
}

/**
 * The total of `{ total, totalExact }` from the rows a SELECT would return, counting at most
 * TOTAL_CAP + 1 of them. Give the SELECT no ORDER BY: with one, the planner read 10,001 rows in
 * order through an index that needed the table, or sorted every match (up to 33 ms instead of 3–7,
 * npm run bench, lists).
 */
export async function countUpTo(db: { query(sql: string, params: unknown[]): Promise<unknown> }, select: string, params: unknown[]) {
  const [row] = (await db.query(`SELECT count(*)::int AS n FROM (${select} LIMIT ${TOTAL_CAP + 1}) capped`, params)) as Array<{
    n: number;
  }>;
  const n = row?.n ?? 0;
  return n > TOTAL_CAP ? { total: TOTAL_CAP, totalExact: false } : { total: n, totalExact: true };
}

/** A user's text as an ILIKE "contains" pattern: `%`, `_` and `\\` match only themselves. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
