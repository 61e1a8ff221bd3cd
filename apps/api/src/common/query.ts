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

/** A user's text as an ILIKE "contains" pattern: `%`, `_` and `\\` match only themselves. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
