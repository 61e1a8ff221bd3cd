import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES, type Actor } from '../../../../libs/domain/roles.js';
import { AuditService } from '../audit/audit.service.js';
import { unauthorized } from './auth-errors.js';
import { AuthService, LoginFailed, type LoginResult, type UserView } from './auth.service.js';
import { CurrentActor, Public, Roles } from './decorators.js';
import { Audit } from '../audit/audit.decorator.js';
import { LoginDto } from './dto/login.dto.js';
import { ChangeOwnPasswordDto } from '../users/dto/users.dto.js';
import type { ApiRequest } from './request.js';
import { ApiExamples, REQUEST_EXAMPLES } from '../common/request-examples.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  /** Public, so the audit interceptor has no actor to record: both outcomes are recorded here. */
  @Post('login')
  @ApiExamples(LoginDto, REQUEST_EXAMPLES.login)
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange username and password for a bearer access token' })
  async login(@Body() dto: LoginDto, @Req() req: ApiRequest): Promise<LoginResult> {
    try {
      const result = await this.auth.login(dto.username, dto.password);
      const actor: Actor = { userId: result.user.id, role: result.user.role, department: result.user.department };
      await this.audit.record({ actor, action: 'auth.login', targetType: 'user', targetId: result.user.id, request: req });
      return result;
    } catch (err) {
      if (!(err instanceof LoginFailed)) throw err;
      await this.audit.record({
        actor: null,
        action: 'auth.login_failed',
        targetType: 'user',
        request: req,
        details: { username: dto.username },
      });
      // One message for an unknown user and a wrong password: no hint which usernames exist.
      throw unauthorized('badCredentials', 'Wrong username or password', '用户名或密码错误');
    }
  }

  @Get('me')
  @Roles(...ROLES)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  me(@CurrentActor() actor: Actor): Promise<UserView> {
    return this.auth.profile(actor.userId);
  }

  @Post('password')
  @ApiExamples(ChangeOwnPasswordDto, REQUEST_EXAMPLES.changeOwnPassword)
  @Roles(...ROLES)
  @Audit('auth.password.change', 'user')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Change your own password: the current one is required (400 when it is wrong)' })
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangeOwnPasswordDto): Promise<void> {
    await this.auth.changePassword(actor.userId, dto.currentPassword, dto.newPassword);
  }
}
