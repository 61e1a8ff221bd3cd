/**
 * Department- and role-scoped rules (SPEC §1) the controllers apply after the RolesGuard, where the
 * department is only known from the body or the stored record. Pure: unit-tested without Nest.
 * `can…` answers, `assert…` throws a 403 ApiError in English and Chinese.
 */
import type { ReviewLevel } from '../../../../libs/domain/lifecycle.js';
import { REVIEWERS, REVIEW_LEVEL_LABELS_ZH, mayReview } from '../../../../libs/domain/lifecycle-machine.js';
import { DEPARTMENT_SCOPED_ROLES, ROLES, ROLE_LABELS_ZH, type Actor, type Role } from '../../../../libs/domain/roles.js';
import { forbidden } from './auth-errors.js';

export type { ReviewLevel };

/** Roles that work only for their own department. */
export const DEPARTMENT_ROLES: readonly Role[] = DEPARTMENT_SCOPED_ROLES;
/** Roles that never change anything: the supervisory board reads everything, outside bodies view. */
export const READ_ONLY_ROLES: readonly Role[] = ['supervisor', 'external'];
/** Everyone inside the association: every role but `external`. */
export const INTERNAL_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'external');

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

/** R-8 as the lifecycle machine decides it: L1 the head of the lead department, L2 admin, L3 the VP or the secretary-general. */
export const canReview = mayReview;

/**
 * The reviewer's role for the level named, before the stage: a role that may never review at that
 * level gets 403 in any stage (the machine, asked later, would answer 409 for a stage first).
 */
export function assertCanReview(actor: Actor, level: ReviewLevel, leadDepartment: string): void {
  if (mayReview(actor, level, leadDepartment)) return;
  const roles = REVIEWERS[level].roles;
  const allowed = level === 1 ? `the head of ${leadDepartment}` : roles.join(' or ');
  const allowedZh = level === 1 ? `${leadDepartment} 的主办部门负责人` : roles.map((r) => ROLE_LABELS_ZH[r]).join('或');
  throw forbidden(
    'notReviewer',
    `${who(actor)} may not review at level ${level}; only ${allowed} may`,
    `${whoZh(actor)}无权进行第 ${level} 级审核(${REVIEW_LEVEL_LABELS_ZH[level]}),仅限${allowedZh}`,
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
