/** The menu (UX.md), each entry only for the roles that may use it: a hidden entry beats a 403. */
import type { Role } from '../../../../libs/domain/roles';

export interface NavEntry {
  key: string;
  label: string;
  to: string;
  roles: readonly Role[];
}

const INTERNAL: readonly Role[] = ['staff', 'dept_head', 'admin', 'archivist', 'vp', 'secretary_general', 'management', 'supervisor'];
/** Who oversees escalations (apps/api ESCALATION_READERS): department heads for their own department. */
export const BOARD_ROLES: readonly Role[] = ['dept_head', 'admin', 'vp', 'secretary_general', 'management', 'supervisor'];
/** Who registers activities (POST /api/activities). */
export const REGISTER_ROLES: readonly Role[] = ['staff', 'dept_head', 'admin'];

/** Who reads 报表 (GET /api/reports/statistics): the leadership and overseers; department heads their own department. */
export const REPORT_ROLES: readonly Role[] = ['dept_head', 'admin', 'vp', 'secretary_general', 'management', 'supervisor'];

/** Who files, decides or holds read requests: every internal role, and outside bodies for their grants. */
export const READ_REQUEST_ROLES: readonly Role[] = [...INTERNAL, 'external'];

/** Who lists tracked improvement suggestions (GET /api/suggestions): every internal role; staff and heads their department's. */
export const SUGGESTION_ROLES: readonly Role[] = INTERNAL;
/** Who records their implementation (POST /api/suggestions/:id/status): staff and the head of the responsible department. */
export const SUGGESTION_UPDATER_ROLES: readonly Role[] = ['staff', 'dept_head'];

/** Who keeps or oversees the archive (GET /api/archive). */
export const ARCHIVE_ROLES: readonly Role[] = ['archivist', 'management', 'admin', 'supervisor'];

/** Who draws supervision samples (R-17, apps/api SAMPLERS). */
export const SUPERVISION_ROLES: readonly Role[] = ['supervisor', 'management'];

export const NAV: NavEntry[] = [
  { key: 'todo', label: '我的待办', to: '/', roles: INTERNAL },
  { key: 'activities', label: '活动', to: '/activities', roles: INTERNAL },
  { key: 'register', label: '登记活动', to: '/activities/new', roles: REGISTER_ROLES },
  { key: 'board', label: '逾期看板', to: '/board', roles: BOARD_ROLES },
  { key: 'suggestions', label: '建议落实', to: '/suggestions', roles: SUGGESTION_ROLES },
  { key: 'reports', label: '报表', to: '/reports', roles: REPORT_ROLES },
  { key: 'archive', label: '档案', to: '/archive', roles: ARCHIVE_ROLES },
  { key: 'supervision', label: '监督抽查', to: '/supervision', roles: SUPERVISION_ROLES },
  { key: 'reads', label: '查阅申请', to: '/read-requests', roles: READ_REQUEST_ROLES },
  { key: 'notifications', label: '通知', to: '/notifications', roles: INTERNAL },
  { key: 'admin', label: '管理', to: '/admin', roles: ['admin'] },
];

export function navFor(role: Role): NavEntry[] {
  return NAV.filter((e) => e.roles.includes(role));
}

/** The menu entry a path belongs to. */
export function navKeyOf(pathname: string): string {
  if (pathname === '/activities/new') return 'register';
  if (pathname.startsWith('/activities')) return 'activities';
  if (pathname.startsWith('/board')) return 'board';
  if (pathname.startsWith('/suggestions')) return 'suggestions';
  if (pathname.startsWith('/reports')) return 'reports';
  if (pathname.startsWith('/archive')) return 'archive';
  if (pathname.startsWith('/read-requests') || pathname.startsWith('/read/')) return 'reads';
  if (pathname.startsWith('/supervision')) return 'supervision';
  if (pathname.startsWith('/notifications')) return 'notifications';
  if (pathname.startsWith('/admin')) return 'admin';
  return 'todo';
}
