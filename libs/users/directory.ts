/**
 * The user directory's write rules, shared by the API (apps/api/src/users) and the bootstrap CLI
 * (libs/users/create-user-cli.ts): who may exist with which role and department, and how a
 * password is accepted. Problems are reported per field, in English and Chinese.
 */
import type { EntityManager } from 'typeorm';
import { hashPassword } from '../auth/password.js';
import { passwordStrengthProblem } from '../auth/strength.js';
import { DEPARTMENT_CODE_PATTERN } from '../domain/activity.js';
import { DEPARTMENT_SCOPED_ROLES, ROLES, type Role } from '../domain/roles.js';

export const USERNAME_PATTERN = /^[a-z][a-z0-9_.-]{1,63}$/;
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 1024;

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
  messageZh: string;
}

/** A write the directory refuses: `conflict` for a taken name, otherwise invalid input. */
export class DirectoryError extends Error {
  constructor(
    readonly kind: 'invalid' | 'conflict',
    readonly problems: FieldProblem[],
  ) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  department: string | null;
  password: string;
}

/** Staff and department heads belong to exactly one department; association-wide roles to none. */
export function departmentProblems(role: Role, department: string | null): FieldProblem[] {
  const scoped = DEPARTMENT_SCOPED_ROLES.includes(role);
  if (scoped && !department) {
    return [
      {
        field: 'department',
        code: 'departmentRequired',
        message: `role ${role} needs a department`,
        messageZh: `角色 ${role} 必须指定所属部门`,
      },
    ];
  }
  if (!scoped && department) {
    return [
      {
        field: 'department',
        code: 'departmentNotAllowed',
        message: `role ${role} is association-wide and has no department`,
        messageZh: `角色 ${role} 为全会范围角色,不属于任何部门`,
      },
    ];
  }
  return [];
}

/**
 * Why a new password is refused (empty when it is accepted): length, the username inside it, and
 * strength (libs/auth/strength.ts). Applied wherever a password is set: the user's own change, the
 * admin's, user creation in the API and in the bootstrap CLI. The demo seed writes hashes directly.
 */
export function passwordProblems(password: string, username: string, field = 'password'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    problems.push({
      field,
      code: 'passwordTooShort',
      message: `the password needs at least ${PASSWORD_MIN_LENGTH} characters`,
      messageZh: `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符`,
    });
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    problems.push({
      field,
      code: 'passwordTooLong',
      message: `the password may have at most ${PASSWORD_MAX_LENGTH} characters`,
      messageZh: `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`,
    });
  }
  if (password.normalize('NFKC').toLowerCase().includes(username.toLowerCase())) {
    problems.push({
      field,
      code: 'passwordContainsUsername',
      message: 'the password must not contain the username',
      messageZh: '密码不能包含用户名',
    });
  }
  // Long enough but guessable: whitespace only, a common password, a keyboard or digit run.
  const weak = problems.length ? null : passwordStrengthProblem(password, [username]);
  if (weak) problems.push({ field, ...weak });
  return problems;
}

export async function assertDepartmentExists(em: EntityManager, department: string | null): Promise<void> {
  if (!department) return;
  const [row] = (await em.query(`SELECT 1 FROM departments WHERE code = $1`, [department])) as unknown[];
  if (!row) {
    throw new DirectoryError('invalid', [
      { field: 'department', code: 'unknownDepartment', message: `no department ${department}`, messageZh: `部门 ${department} 不存在` },
    ]);
  }
}

/** Inserts the user; returns its id. The caller's transaction (or the data source's manager). */
export async function createUser(em: EntityManager, user: NewUser): Promise<string> {
  const problems = [
    ...(USERNAME_PATTERN.test(user.username)
      ? []
      : [
          {
            field: 'username',
            code: 'matches',
            message: 'username: lowercase letters, digits, _ . - (2–64, starting with a letter)',
            messageZh: '用户名须为小写字母、数字、_ . -(2–64 位,字母开头)',
          },
        ]),
    ...(ROLES.includes(user.role)
      ? []
      : [
          {
            field: 'role',
            code: 'isIn',
            message: `role must be one of ${ROLES.join(', ')}`,
            messageZh: `角色必须是以下之一:${ROLES.join('、')}`,
          },
        ]),
    ...(user.displayName.trim()
      ? []
      : [{ field: 'displayName', code: 'isNotEmpty', message: 'displayName must not be empty', messageZh: '显示名称不能为空' }]),
    ...departmentProblems(user.role, user.department),
    ...(user.department && !DEPARTMENT_CODE_PATTERN.test(user.department)
      ? [{ field: 'department', code: 'matches', message: 'department must be a department code', messageZh: '部门须为部门代码' }]
      : []),
    ...passwordProblems(user.password, user.username),
  ];
  if (problems.length) throw new DirectoryError('invalid', problems);
  await assertDepartmentExists(em, user.department);
  const passwordHash = await hashPassword(user.password);
  const rows = (await em.query(
    `INSERT INTO users (username, display_name, role, department_code, password_hash)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING id`,
    [user.username, user.displayName.trim(), user.role, user.department, passwordHash],
  )) as Array<{ id: string }>;
  if (!rows[0]) {
    throw new DirectoryError('conflict', [
      {
        field: 'username',
        code: 'usernameTaken',
        message: `username ${user.username} is taken`,
        messageZh: `用户名 ${user.username} 已被使用`,
      },
    ]);
  }
  return rows[0].id;
}
