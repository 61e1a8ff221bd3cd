/** Dates and times as the association writes them, always in Asia/Shanghai: 2026-12-04 (周五), 2026-12-04 17:30. */
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

export const TZ = 'Asia/Shanghai';
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** An instant (ISO string or Dayjs) in Shanghai time. */
export function shanghai(value: string | Dayjs | Date = new Date()): Dayjs {
  return dayjs(value).tz(TZ);
}

/** 2026-12-04 (周五) */
export function formatDate(value: string | Dayjs | null | undefined): string {
  if (!value) return '—';
  const d = shanghai(value);
  return `${d.format('YYYY-MM-DD')} (${WEEKDAYS[d.day()]})`;
}

/** 2026-12-04 17:30 */
export function formatDateTime(value: string | Dayjs | null | undefined): string {
  if (!value) return '—';
  return shanghai(value).format('YYYY-MM-DD HH:mm');
}

/** YYYY-MM-DD of an instant in Shanghai. */
export function shanghaiDay(value: string | Dayjs | Date = new Date()): string {
  return shanghai(value).format('YYYY-MM-DD');
}

/** A picked wall-clock time (a DatePicker's value) as an ISO instant with the +08:00 offset the API expects. */
export function toShanghaiIso(value: Dayjs): string {
  return `${value.format('YYYY-MM-DDTHH:mm')}:00+08:00`;
}

/** An ISO instant as a DatePicker value showing Shanghai wall-clock time. */
export function fromIso(value: string): Dayjs {
  return dayjs(shanghai(value).format('YYYY-MM-DDTHH:mm'));
}

export { dayjs };
