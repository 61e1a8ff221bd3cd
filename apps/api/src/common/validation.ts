import { ValidationPipe, type PipeTransform, type ValidationError } from '@nestjs/common';
import { Matches, type ValidationOptions } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN } from '../../../../libs/domain/activity.js';
import { ApiError, ErrorCode, type ErrorDetail } from './api-error.js';
import { RejectNulBytesPipe } from './input.js';

/**
 * Chinese renderings of class-validator constraints, keyed by constraint name. The English
 * message comes from class-validator itself; `{field}` and `{values}` are filled in here.
 */
const ZH: Record<string, string> = {
  isDefined: '{field} 为必填项',
  isNotEmpty: '{field} 不能为空',
  isString: '{field} 必须是字符串',
  isBoolean: '{field} 必须是布尔值(true 或 false)',
  isInt: '{field} 必须是整数',
  isNumber: '{field} 必须是数字(最多两位小数)',
  min: '{field} 不能小于 {values}',
  max: '{field} 不能大于 {values}',
  maxLength: '{field} 长度不能超过 {values} 个字符',
  minLength: '{field} 长度不能少于 {values} 个字符',
  isIn: '{field} 必须是以下值之一:{values}',
  isEnum: '{field} 必须是以下值之一:{values}',
  matches: '{field} 格式不正确',
  isIso8601: '{field} 必须是 ISO 8601 格式的时间(如 2026-10-20T09:00:00+08:00)',
  isArray: '{field} 必须是数组',
  arrayMaxSize: '{field} 最多包含 {values} 项',
  arrayMinSize: '{field} 至少包含 {values} 项',
  isUuid: '{field} 必须是 UUID',
  returnNeedsComments: '退回时 {field} 至少包含一条审核意见',
  isObject: '{field} 必须是对象',
  nestedValidation: '{field} 必须是对象',
  whitelistValidation: '不允许的字段 {field}',
  endNotBeforeStart: '{field} 不能早于开始时间 startAt',
  isCalendarDate: '{field} 必须是 YYYY-MM-DD 格式的有效日期',
  isCalendarInstant: '{field} 必须是真实存在、带时区偏移的 ISO 8601 时间(如 2026-11-20T09:00:00+08:00)',
  inCalendarYears: '{field} 必须在工作日历覆盖的年份内:{values}',
  confidentialPaths: '{field} 中的每一项都必须指向总结中存在的文字字段,且不得重复',
};

function zhFor(constraint: string, field: string, values: string): string {
  const template = ZH[constraint] ?? '{field} 不符合要求';
  return template.replace('{field}', field).replace('{values}', values);
}

/** Flattens nested errors into one detail per field and failed constraint. */
export function validationDetails(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([constraint, message]) => {
      const values = (e.contexts?.[constraint]?.values as string | undefined) ?? extractValues(message);
      return { field, code: constraint, message, messageZh: zhFor(constraint, field, values) };
    });
    return [...own, ...validationDetails(e.children ?? [], field)];
  });
}

/** class-validator puts bounds and allowed values after a colon or "than"; reuse them in Chinese. */
function extractValues(message: string): string {
  const afterColon = message.split(': ')[1];
  if (afterColon) return afterColon;
  const bound = /(?:than|to|exceed) (\d+)/.exec(message);
  return bound?.[1] ?? '';
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) =>
      new ApiError(ErrorCode.VALIDATION_FAILED, 'The request body is invalid', '请求内容不符合要求', validationDetails(errors)),
  });
}

/** The application's global pipes, in order: NUL characters refused first, then DTO validation. */
export function createGlobalPipes(): PipeTransform[] {
  return [new RejectNulBytesPipe(), createValidationPipe()];
}

export const DEPARTMENT_CODE_MESSAGE = '$property must be a department code (lowercase letters, digits, underscore)';

/** A department code (`publicity`), with a message that says what one looks like. */
export function IsDepartmentCode(options: ValidationOptions = {}): PropertyDecorator {
  return Matches(DEPARTMENT_CODE_PATTERN, { ...options, message: DEPARTMENT_CODE_MESSAGE });
}
