/** SPEC §1 roles. Wire values are stable. */
export const ROLES = [
  'staff',
  'dept_head',
  'admin',
  'archivist',
  'vp',
  'secretary_general',
  'management',
  'supervisor',
  'external',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS_ZH: Record<Role, string> = {
  staff: '编制人',
  dept_head: '主办部门负责人',
  admin: '行政部',
  archivist: '专职档案员',
  vp: '分管副会长',
  secretary_general: '秘书长',
  management: '协会管理层',
  supervisor: '监事会',
  external: '外部单位',
};

/** Roles that belong to one department and act only for it; every other role is association-wide. */
export const DEPARTMENT_SCOPED_ROLES: readonly Role[] = ['staff', 'dept_head'];

/** Who sent a message: the API fills it from the authenticated user; ops name themselves. */
export interface Actor {
  userId: string;
  role: Role;
  /** Department code; null for association-wide roles (admin, vp, …). */
  department: string | null;
  displayName?: string;
}
