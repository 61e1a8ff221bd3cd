/**
 * Department- and role-scoped rules (SPEC §1) the controllers apply after the RolesGuard, where the
 * department is only known from the body or the stored record. Pure: unit-tested without Nest.
 * `can…` answers, `assert…` throws a 403 ApiError in English and Chinese.
 */
import { DEPARTMENT_SCOPED_ROLES, ROLES, ROLE_LABELS_ZH, type Actor, type Role } from '../../../../libs/domain/roles.js';
import { forbidden } from './auth-errors.js';

/** Same values as ReviewLevel in libs/domain/lifecycle.ts: L1 dept head, L2 admin, L3 VP/SG. */
export type ReviewLevel = 1 | 2 | 3;

/** Roles that work only for their own department. */
export const DEPARTMENT_ROLES: readonly Role[] = DEPARTMENT_SCOPED_ROLES;
/** Roles that never change anything: the supervisory board reads everything, outside bodies view. */
export const READ_ONLY_ROLES: readonly Role[] = ['supervisor', 'external'];
/** Everyone inside the association: every role but `external`. */
export const INTERNAL_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'external');

export const REVIEWER_ROLES: Record<ReviewLevel, readonly Role[]> = {
  1: ['dept_head'],
  2: ['admin'],
  3: ['vp', 'secretary_general'],
};

const REVIEW_LEVEL_ZH: Record<ReviewLevel, string> = { 1: '初审', 2: '复核', 3: '终审' };

const who = (actor: Actor): string => `${actor.role}${actor.department ? ` of ${actor.department}` : ''}`;
const whoZh = (actor: Actor): string => `${actor.department ? `${actor.department} 的` : ''}${ROLE_LABELS_ZH[actor.role]}`;

export function isDepartmentScoped(actor: Actor): boolean {
  return DEPARTMENT_ROLES.includes(actor.role);
}

export function canWrite(actor: Actor): boolean {
  return !READ_ONLY_ROLES.includes(actor.role);
}

export function assertCanWrite(actor: Actor): void {
  if (!canWrite(actor)) {
    throw forbidden(
      'readOnlyRole',
      `Role ${actor.role} is read-only and may not change anything`,
      `${ROLE_LABELS_ZH[actor.role]}为只读角色,不能修改任何内容`,
    );
  }
}

/** Writing on behalf of a department: departmental roles only for their own, read-only roles never. */
export function canActForDepartment(actor: Actor, departmentCode: string): boolean {
  return canWrite(actor) && (!isDepartmentScoped(actor) || actor.department === departmentCode);
}

export function assertCanActForDepartment(actor: Actor, departmentCode: string): void {
  assertCanWrite(actor);
  if (!canActForDepartment(actor, departmentCode)) {
    throw forbidden(
      'otherDepartment',
      `${who(actor)} may act only for their own department, not for ${departmentCode}`,
      `${whoZh(actor)}只能办理本部门的事项,不能代表 ${departmentCode} 办理`,
    );
  }
}

/** R-8: L1 the head of the lead department, L2 admin, L3 the VP or the secretary-general. */
export function canReview(actor: Actor, level: ReviewLevel, leadDepartment: string): boolean {
  if (!REVIEWER_ROLES[level].includes(actor.role)) return false;
  return level !== 1 || actor.department === leadDepartment;
}

export function assertCanReview(actor: Actor, level: ReviewLevel, leadDepartment: string): void {
  if (canReview(actor, level, leadDepartment)) return;
  const allowed = level === 1 ? `the head of ${leadDepartment}` : REVIEWER_ROLES[level].join(' or ');
  const allowedZh = level === 1 ? `${leadDepartment} 的主办部门负责人` : REVIEWER_ROLES[level].map((r) => ROLE_LABELS_ZH[r]).join('或');
  throw forbidden(
    'notReviewer',
    `${who(actor)} may not review at level ${level}; only ${allowed} may`,
    `${whoZh(actor)}无权进行第 ${level} 级审核(${REVIEW_LEVEL_ZH[level]}),仅限${allowedZh}`,
  );
}

/** Departmental roles read their own department's activities; outside bodies none (their reads go through R-13.2.2). */
export function canReadActivity(actor: Actor, leadDepartment: string): boolean {
  if (actor.role === 'external') return false;
  return !isDepartmentScoped(actor) || actor.department === leadDepartment;
}

export function assertCanReadActivity(actor: Actor, leadDepartment: string): void {
  if (!canReadActivity(actor, leadDepartment)) {
    throw forbidden(
      'otherDepartment',
      `${who(actor)} may not read activities of ${leadDepartment}`,
      `${whoZh(actor)}无权查看 ${leadDepartment} 的活动`,
    );
  }
}
