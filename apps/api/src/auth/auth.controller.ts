import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { ROLES, type Actor } from '../../../../libs/domain/roles.js';
import { AuditService } from '../audit/audit.service.js';
import { markAudited } from '../audit/audited.js';
import { unauthorized } from './auth-errors.js';
import { AuthService, LoginFailed, PasswordChangeFailed } from './auth.service.js';
import { LoginResult, UserView } from './dto/auth-view.dto.js';
import { AuthThrottlerGuard, THROTTLERS } from './auth-throttler.guard.js';
import { CurrentActor, Public, Roles } from './decorators.js';
import { Audit } from '../audit/audit.decorator.js';
import { LoginDto } from './dto/login.dto.js';
import { ChangeOwnPasswordDto } from '../users/dto/users.dto.js';
import type { ApiRequest } from './request.js';
import { TooManyRequestsError } from './too-many-requests.js';
import { ApiExamples, REQUEST_EXAMPLES } from '../common/request-examples.js';

const TOO_MANY = { status: 429, description: 'Too many attempts, or the account is locked after repeated failures; see Retry-After' };

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  /** Public, so the audit interceptor has no actor to record: every outcome is recorded here. */
  @Post('login')
  @ApiExamples(LoginDto, REQUEST_EXAMPLES.login)
  @Public()
  @UseGuards(AuthThrottlerGuard)
  @SkipThrottle({ [THROTTLERS.passwordChange]: true })
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Exchange username and password for a bearer access token; 429 after too many attempts per username or address, and ' +
      'while the username is locked after repeated failures',
  })
  // Declared because a declared 429 stops Swagger from adding the default success response.
  @ApiOkResponse({ type: LoginResult, description: 'Signed in: the access token, its lifetime and the user' })
  @ApiResponse(TOO_MANY)
  async login(@Body() dto: LoginDto, @Req() req: ApiRequest): Promise<LoginResult> {
    try {
      const result = await this.auth.login(dto.username, dto.password);
      const actor: Actor = { userId: result.user.id, role: result.user.role, department: result.user.department };
      await this.audit.record({ actor, action: 'auth.login', targetType: 'user', targetId: result.user.id, request: req });
      return result;
    } catch (err) {
      if (!(err instanceof LoginFailed)) {
        // A locked name (429): recorded too, one row per attempt the throttler let through.
        if (err instanceof TooManyRequestsError) {
          await this.audit.record({
            actor: null,
            action: 'auth.login_failed',
            targetType: 'user',
            request: req,
            details: { username: dto.username, reason: 'locked' },
          });
        }
        throw err;
      }
      await this.audit.record({
        actor: null,
        action: 'auth.login_failed',
        targetType: 'user',
        request: req,
        details: { username: dto.username },
      });
      if (err.lockedSeconds > 0) await this.recordLockout(req, null, dto.username, err.lockedSeconds);
      // One message for an unknown user and a wrong password: no hint which usernames exist.
      throw markAudited(unauthorized('badCredentials', 'Wrong username or password', '用户名或密码错误'));
    }
  }

  @Get('me')
  @Roles(...ROLES)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserView })
  me(@CurrentActor() actor: Actor): Promise<UserView> {
    return this.auth.profile(actor.userId);
  }

  @Post('logout')
  @Roles(...ROLES)
  @Audit('auth.logout', 'user')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out: every access token of the signed-in user stops working (on every device)' })
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    await this.auth.logout(actor.userId);
  }

  @Post('password')
  @ApiExamples(ChangeOwnPasswordDto, REQUEST_EXAMPLES.changeOwnPassword)
  @Roles(...ROLES)
  @UseGuards(AuthThrottlerGuard)
  @SkipThrottle({ [THROTTLERS.loginUsername]: true, [THROTTLERS.loginAddress]: true })
  @Audit('auth.password.change', 'user')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Change your own password: the current one is required (400 when it is wrong, counted as a failed sign-in); ' +
      'every token of yours, this one included, stops working; 429 after too many attempts',
  })
  @ApiNoContentResponse({ description: 'Changed: every earlier token of this user is revoked' })
  @ApiResponse(TOO_MANY)
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangeOwnPasswordDto, @Req() req: ApiRequest): Promise<void> {
    try {
      await this.auth.changePassword(actor.userId, dto.currentPassword, dto.newPassword);
    } catch (err) {
      if (err instanceof PasswordChangeFailed) {
        await this.audit.record({
          actor,
          action: 'auth.password.failed',
          targetType: 'user',
          targetId: actor.userId,
          request: req,
          details: { problems: err.details.map((d) => d.code) },
        });
        if (err.lockedSeconds > 0) await this.recordLockout(req, actor, err.username, err.lockedSeconds);
      }
      throw err;
    }
  }

  /**
   * `auth.lockout`: a username was locked after repeated failures, by wrong passwords at sign-in
   * (no actor) or at a password change (the signed-in actor). The 429s that follow point back to it.
   */
  private async recordLockout(req: ApiRequest, actor: Actor | null, username: string, seconds: number): Promise<void> {
    await this.audit.record({
      actor,
      action: 'auth.lockout',
      targetType: 'user',
      targetId: actor?.userId ?? null,
      request: req,
      details: { username, via: actor ? 'password' : 'login', lockedSeconds: seconds },
    });
  }
}
