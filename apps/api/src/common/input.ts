import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiError, ErrorCode, type ErrorDetail } from './api-error.js';

/** `Idempotency-Key`: 1–200 visible ASCII characters (declared as the header's pattern in the OpenAPI document). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** 400 for an `Idempotency-Key` header that is not 1–200 visible ASCII characters. */
export function assertIdempotencyKey(key: string | undefined): void {
  if (key === undefined || IDEMPOTENCY_KEY_PATTERN.test(key)) return;
  throw new ApiError(ErrorCode.VALIDATION_FAILED, 'Invalid Idempotency-Key header', 'Idempotency-Key 请求头无效', [
    {
      field: 'Idempotency-Key',
      code: 'matches',
      message: 'Idempotency-Key must be 1–200 visible ASCII characters',
      messageZh: 'Idempotency-Key 必须是 1–200 个可见 ASCII 字符',
    },
  ]);
}

const NUL = '\u0000';

/** A field path as the validation errors spell it (`document.overview.goals.targets.0.unit`); odd keys escaped. */
const join = (parent: string, key: string) => {
  const shown = JSON.stringify(key).slice(1, -1);
  return parent ? `${parent}.${shown}` : shown;
};

/**
 * The paths of every string (value or object key) holding a NUL character, depth first. Iterative,
 * so a deeply nested body cannot exhaust the stack here.
 */
export function nulBytePaths(value: unknown, root = ''): string[] {
  const found: string[] = [];
  // [value, its path, whether its own key holds a NUL]
  const stack: Array<[unknown, string, boolean]> = [[value, root, false]];
  while (stack.length) {
    const [v, path, badKey] = stack.pop()!;
    if (badKey) found.push(path);
    if (typeof v === 'string') {
      if (v.includes(NUL) && !badKey) found.push(path || 'body');
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], join(path, String(i)), false]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        stack.push([child, join(path, k), k.includes(NUL)]);
      }
    }
  }
  return found;
}

/**
 * Global pipe, before validation: PostgreSQL refuses the NUL character (U+0000) in text and jsonb,
 * so a NUL anywhere in a JSON body, a query string or a path parameter is refused with 400 naming
 * the field — never a 500 from the database. A multipart file's name is checked too.
 */
@Injectable()
export class RejectNulBytesPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    let fields: string[];
    if (metadata.type === 'custom') {
      // @UploadedFile(): the client-chosen file name is stored as text.
      const name = (value as { originalname?: unknown } | null)?.originalname;
      fields = typeof name === 'string' && name.includes(NUL) ? ['file'] : [];
    } else {
      fields = nulBytePaths(value, metadata.data ?? '').map((f) => (f === 'body' && metadata.type !== 'body' ? metadata.type : f));
    }
    if (!fields.length) return value;
    const where = { body: '请求内容', query: '查询参数', param: '路径参数', custom: '上传文件名' }[metadata.type];
    throw new ApiError(
      ErrorCode.VALIDATION_FAILED,
      'The request contains the NUL character (\\u0000), which no field accepts',
      `${where}中含有不允许的空字符(\\u0000)`,
      fields.map((field): ErrorDetail => ({
        field,
        code: 'noNulCharacter',
        message: `${field} must not contain the NUL character (\\u0000)`,
        messageZh: `${field} 不能包含空字符(\\u0000)`,
      })),
    );
  }
}
