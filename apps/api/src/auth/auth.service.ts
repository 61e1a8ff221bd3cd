import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../../../libs/config/config.js';
import { UserEntity } from '../../../../libs/db/entities/user.entity.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import { APP_CONFIG } from '../tokens.js';
import { unauthorized } from './auth-errors.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { isUuid } from '../../../../libs/domain/ids.js';
import { passwordProblems } from '../../../../libs/users/directory.js';
import { hashPassword, needsRehash, verifyPassword } from '../../../../libs/auth/password.js';
import { revokeTokens } from '../../../../libs/auth/revocation.js';
import { ActorCache } from './actor-cache.js';
import { LoginLockout } from './login-lockout.service.js';
import { accountLocked } from './too-many-requests.js';
import type { LoginResult, UserView } from './dto/auth-view.dto.js';

/**
 * What the token carries: the user id and the user's token version at issue; role and department
 * are read fresh per request. `iat` and `exp` are added when it is signed, and required.
 */
export interface TokenPayload {
  sub: string;
  /** users.token_version when the token was issued: a later password change or sign-out raises it. */
  tv: number;
  iat?: number;
  exp?: number;
}

const toView = (u: UserEntity): UserView => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  department: u.departmentCode,
});

/** A refused sign-in; `lockedSeconds` when this failure locked the username. */
export class LoginFailed extends Error {
  constructor(
    readonly username: string,
    readonly lockedSeconds = 0,
  ) {
    super(`sign-in as ${username} failed`);
  }
}

/** A failed own-password change: the problems found and, when it locked the account, for how long. */
export class PasswordChangeFailed extends ApiError {
  constructor(
    problems: ApiError['details'],
    readonly username: string,
    readonly lockedSeconds: number,
  ) {
    super(ErrorCode.VALIDATION_FAILED, 'The password was not changed', '密码未修改', problems);
  }
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  /** Verified against for unknown users, so a wrong username costs as long as a wrong password. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly lockout: LoginLockout,
    private readonly actors: ActorCache,
  ) {}

  onApplicationBootstrap(): void {
    void this.dummy(); // computed ahead, so even the first unknown username takes no longer
  }

  /**
   * Throws LoginFailed for an unknown or inactive user and a wrong password alike — the same
   * queries, the same password verification, the same failure count — and 429 for a locked name.
   */
  async login(username: string, password: string): Promise<LoginResult> {
    const locked = await this.lockout.lockedFor(username);
    if (locked > 0) throw accountLocked(locked);
    const user = await this.users().findOne({
      where: { username },
      select: {
        id: true,
        username: true,
        displayName: true,
        role: true,
        departmentCode: true,
        active: true,
        passwordHash: true,
        tokenVersion: true,
      },
    });
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.dummy()));
    if (!user || !user.active || !ok) {
      const { lockedSeconds } = await this.lockout.recordFailure(username);
      throw new LoginFailed(username, lockedSeconds);
    }
    await this.lockout.clear(username);
    if (needsRehash(user.passwordHash)) await this.upgradeHash(user.id, user.passwordHash, password);
    const payload: TokenPayload = { sub: user.id, tv: user.tokenVersion };
    return {
      accessToken: await this.jwt.signAsync(payload),
      tokenType: 'Bearer',
      expiresIn: this.config.auth.tokenTtlSeconds,
      user: toView(user),
    };
  }

  /** The actor a verified token stands for; 401 when the user is gone, deactivated, or the token revoked. */
  async actorFor(payload: TokenPayload): Promise<Actor> {
    const id = payload.sub;
    const user = isUuid(id)
      ? await this.actors.get(id, () =>
          this.users().findOne({
            where: { id, active: true },
            select: { id: true, role: true, departmentCode: true, displayName: true, tokenVersion: true, active: true },
          }),
        )
      : null;
    if (!user) {
      throw unauthorized('unknownUser', 'The account of this token does not exist or is disabled', '该令牌对应的账号不存在或已停用');
    }
    if (user.tokenVersion !== payload.tv) {
      throw unauthorized(
        'tokenRevoked',
        'This access token was revoked (sign-out, password change or reset); sign in again',
        '该访问令牌已失效(已退出登录、修改或重置了密码),请重新登录',
      );
    }
    return { userId: user.id, role: user.role, department: user.departmentCode, displayName: user.displayName };
  }

  async profile(userId: string): Promise<UserView> {
    const user = await this.users().findOneBy({ id: userId });
    if (!user) throw unauthorized('unknownUser', 'The account of this token does not exist', '该令牌对应的账号不存在');
    return toView(user);
  }

  /** Sign-out: every token of the user stops working (they are not kept, so they are revoked by version). */
  async logout(userId: string): Promise<void> {
    await revokeTokens(this.dataSource.manager, userId);
    this.actors.forget(userId);
  }

  private users() {
    return this.dataSource.getRepository(UserEntity);
  }

  /**
   * The user's own change: the current password proves it is them, not someone at an unlocked desk
   * or holding a stolen token. A wrong one counts as a failed sign-in of the account (lockout), and
   * while the account is locked nothing is checked. A change signs the user out everywhere.
   */
  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users().findOne({ where: { id: userId }, select: { id: true, username: true, passwordHash: true } });
    if (!user) throw unauthorized('unknownUser', 'The account of this token does not exist', '该令牌对应的账号不存在');
    const locked = await this.lockout.lockedFor(user.username);
    if (locked > 0) throw accountLocked(locked);
    const currentOk = await verifyPassword(currentPassword, user.passwordHash);
    const problems = [
      ...(currentOk
        ? []
        : [{ field: 'currentPassword', code: 'wrongPassword', message: 'the current password is wrong', messageZh: '当前密码不正确' }]),
      ...passwordProblems(newPassword, user.username, 'newPassword'),
      ...(newPassword === currentPassword
        ? [
            {
              field: 'newPassword',
              code: 'samePassword',
              message: 'the new password is the current one',
              messageZh: '新密码不能与当前密码相同',
            },
          ]
        : []),
    ];
    if (problems.length) {
      const lockedSeconds = currentOk ? 0 : (await this.lockout.recordFailure(user.username)).lockedSeconds;
      throw new PasswordChangeFailed(problems, user.username, lockedSeconds);
    }
    const passwordHash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(UserEntity).update({ id: userId }, { passwordHash });
      await revokeTokens(em, userId);
    });
    this.actors.forget(userId);
  }

  /**
   * Replaces a first-release scrypt hash (or a weaker argon2id one) while the password is at hand.
   * Only if the row still holds the hash just verified; a failure leaves the old, working hash.
   */
  private async upgradeHash(userId: string, verified: string, password: string): Promise<void> {
    try {
      await this.users()
        .createQueryBuilder()
        .update()
        .set({ passwordHash: await hashPassword(password) })
        .where('id = :userId AND password_hash = :verified', { userId, verified })
        .execute();
    } catch (err) {
      this.logger.warn(`password hash of user ${userId} not upgraded: ${String(err)}`);
    }
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword('not-a-password-of-anyone');
    return this.dummyHash;
  }
}
