import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../../../libs/auth/password.js';
import { revokeTokens } from '../../../../libs/auth/revocation.js';
import { DepartmentEntity } from '../../../../libs/db/entities/department.entity.js';
import { UserEntity } from '../../../../libs/db/entities/user.entity.js';
import type { Actor, Role } from '../../../../libs/domain/roles.js';
import {
  assertDepartmentExists,
  createUser,
  departmentProblems,
  DirectoryError,
  passwordProblems,
} from '../../../../libs/users/directory.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { ActorCache } from '../auth/actor-cache.js';
import { LoginLockout } from '../auth/login-lockout.service.js';
import type { CreateDepartmentDto, CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/users.dto.js';
import type { DepartmentView, UserAdminPage, UserAdminView } from './dto/user-views.dto.js';

/** Roles whose holders can be flagged as the head (users.is_head): escalates to the admin head. */
export const HEAD_ROLES: readonly Role[] = ['admin', 'dept_head'];

const toView = (u: UserEntity): UserAdminView => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  department: u.departmentCode,
  active: u.active,
  isHead: u.isHead,
  createdAt: u.createdAt.toISOString(),
});

const departmentView = (d: DepartmentEntity): DepartmentView => ({
  code: d.code,
  nameZh: d.nameZh,
  nameEn: d.nameEn,
  createdAt: d.createdAt.toISOString(),
});

/** The directory's problems in the API's one error shape: 400 per field, 409 for a taken name. */
export function directoryError(err: unknown): unknown {
  if (!(err instanceof DirectoryError)) return err;
  const code = err.kind === 'conflict' ? ErrorCode.ALREADY_EXISTS : ErrorCode.VALIDATION_FAILED;
  const [message, messageZh] =
    err.kind === 'conflict' ? ['Already exists', '已存在'] : ['The request body is invalid', '请求内容不符合要求'];
  return new ApiError(code, message, messageZh, err.problems);
}

/** Users and departments (SPEC §1): the administration department keeps the directory. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lockout: LoginLockout,
    private readonly actors: ActorCache,
  ) {}

  async list(q: ListUsersQuery): Promise<UserAdminPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = this.users().createQueryBuilder('u');
    if (q.role) qb.andWhere('u.role = :role', { role: q.role });
    if (q.department) qb.andWhere('u.department_code = :department', { department: q.department });
    if (q.active !== undefined) qb.andWhere('u.active = :active', { active: q.active });
    const [rows, total] = await qb
      .orderBy('u.username', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(toView), total, page, pageSize };
  }

  async get(id: string): Promise<UserAdminView> {
    return toView(await this.find(id));
  }

  async create(dto: CreateUserDto): Promise<UserAdminView> {
    try {
      const id = await this.dataSource.transaction((em) =>
        createUser(em, {
          username: dto.username,
          displayName: dto.displayName,
          role: dto.role,
          department: dto.department ?? null,
          password: dto.password,
        }),
      );
      return this.get(id);
    } catch (err) {
      throw directoryError(err);
    }
  }

  /**
   * Role, department, name, active flag or head flag. An administrator cannot deactivate or demote
   * their own account: with a single admin, nobody could undo it. The head flag exists only for
   * admins and department heads; a change to another role clears it.
   */
  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserAdminView> {
    const user = await this.find(id);
    if (id === actor.userId && (dto.active === false || (dto.role !== undefined && dto.role !== user.role))) {
      throw new ApiError(
        ErrorCode.SELF_LOCKOUT,
        'You cannot deactivate your own account or change your own role',
        '不能停用自己的账号或修改自己的角色',
        [
          {
            field: dto.active === false ? 'active' : 'role',
            code: 'selfLockout',
            message: 'ask another administrator',
            messageZh: '请由其他管理员操作',
          },
        ],
      );
    }
    const role = dto.role ?? user.role;
    const department = dto.department !== undefined ? dto.department : user.departmentCode;
    const problems = departmentProblems(role, department);
    if (dto.isHead === true && !HEAD_ROLES.includes(role)) {
      problems.push({
        field: 'isHead',
        code: 'headRole',
        message: `only an admin or a dept_head can be the head, not a ${role}`,
        messageZh: '只有行政部或主办部门负责人角色可设为负责人',
      });
    }
    if (problems.length) throw directoryError(new DirectoryError('invalid', problems));
    await assertDepartmentExists(this.dataSource.manager, department).catch((err: unknown) => {
      throw directoryError(err);
    });
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(UserEntity).update(
        { id },
        {
          role,
          departmentCode: department,
          ...(dto.displayName !== undefined ? { displayName: dto.displayName.trim() } : {}),
          ...(dto.active !== undefined ? { active: dto.active } : {}),
          isHead: HEAD_ROLES.includes(role) && (dto.isHead ?? user.isHead),
        },
      );
      // Deactivated: its tokens are refused now, and stay refused if the account is reactivated.
      if (dto.active === false && user.active) await revokeTokens(em, id);
    });
    // Role, department, activity: the next request of the user's tokens sees them.
    this.actors.forget(id);
    return this.get(id);
  }

  /**
   * An administrator sets a new password (forgotten, or a new colleague's first one): every token
   * of the user stops working, and a lockout after failed sign-ins is lifted.
   */
  async setPassword(id: string, password: string): Promise<void> {
    const user = await this.find(id);
    const problems = passwordProblems(password, user.username);
    if (problems.length) throw directoryError(new DirectoryError('invalid', problems));
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(UserEntity).update({ id }, { passwordHash });
      await revokeTokens(em, id);
      await this.lockout.clear(user.username, em);
    });
    this.actors.forget(id);
  }

  async departments(): Promise<DepartmentView[]> {
    const rows = await this.dataSource.getRepository(DepartmentEntity).find({ order: { code: 'ASC' } });
    return rows.map(departmentView);
  }

  async createDepartment(dto: CreateDepartmentDto): Promise<DepartmentView> {
    const rows = (await this.dataSource.query(
      `INSERT INTO departments (code, name_zh, name_en) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code`,
      [dto.code, dto.nameZh.trim(), dto.nameEn?.trim() || null],
    )) as unknown[];
    if (!rows.length) {
      throw new ApiError(ErrorCode.ALREADY_EXISTS, `Department ${dto.code} already exists`, `部门 ${dto.code} 已存在`, [
        { field: 'code', code: 'departmentExists', message: 'choose another code', messageZh: '请使用其他部门代码' },
      ]);
    }
    return departmentView(await this.dataSource.getRepository(DepartmentEntity).findOneByOrFail({ code: dto.code }));
  }

  private async find(id: string): Promise<UserEntity> {
    const user = await this.users().findOneBy({ id });
    if (!user) throw new ApiError(ErrorCode.NOT_FOUND, `User ${id} not found`, `未找到用户 ${id}`);
    return user;
  }

  private users() {
    return this.dataSource.getRepository(UserEntity);
  }
}
