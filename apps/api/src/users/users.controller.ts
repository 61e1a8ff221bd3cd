import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/roles.js';
import { Audit } from '../audit/audit.decorator.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { INTERNAL_ROLES } from '../auth/policy.js';
import { ApiExamples, REQUEST_EXAMPLES } from '../common/request-examples.js';
import { CreateDepartmentDto, CreateUserDto, ListUsersQuery, SetPasswordDto, UpdateUserDto } from './dto/users.dto.js';
import { DepartmentList, DepartmentView, UserAdminPage, UserAdminView } from './dto/user-views.dto.js';
import { UsersService } from './users.service.js';
import { idParam } from '../common/ids.js';

const idPipe = idParam('user', '用户');

/** Who reads the directory: the administration keeps it; management and the supervisory board oversee. */
const DIRECTORY_READERS = ['admin', 'management', 'supervisor'] as const;

@ApiTags('users')
@ApiBearerAuth()
@Controller('api')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('users')
  @Roles(...DIRECTORY_READERS)
  @ApiOperation({ summary: 'The user directory: `?role=&department=&active=&page=&pageSize=`' })
  @ApiOkResponse({ type: UserAdminPage })
  list(@Query() q: ListUsersQuery): Promise<UserAdminPage> {
    return this.users.list(q);
  }

  @Post('users')
  @ApiExamples(CreateUserDto, REQUEST_EXAMPLES.createUser)
  @Roles('admin')
  @Audit('user.create', 'user')
  @ApiOperation({ summary: 'Create a user: staff and dept_head need a department, other roles have none; 409 for a taken username' })
  @ApiCreatedResponse({ type: UserAdminView })
  create(@Body() dto: CreateUserDto): Promise<UserAdminView> {
    return this.users.create(dto);
  }

  @Get('users/:userId')
  @Roles(...DIRECTORY_READERS)
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserAdminView })
  get(@Param('userId', idPipe) userId: string): Promise<UserAdminView> {
    return this.users.get(userId);
  }

  @Patch('users/:userId')
  @ApiExamples(UpdateUserDto, REQUEST_EXAMPLES.updateUser)
  @Roles('admin')
  @Audit('user.update', 'user', 'userId')
  @ApiOperation({
    summary:
      'Change name, role, department, or deactivate (sign-in and existing tokens stop at once, for good); not your own role or account',
  })
  @ApiOkResponse({ type: UserAdminView })
  update(@Param('userId', idPipe) userId: string, @Body() dto: UpdateUserDto, @CurrentActor() actor: Actor): Promise<UserAdminView> {
    return this.users.update(actor, userId, dto);
  }

  @Put('users/:userId/password')
  @ApiExamples(SetPasswordDto, REQUEST_EXAMPLES.setPassword)
  @Roles('admin')
  @Audit('user.password.set', 'user', 'userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      "Set a user's password (a forgotten one, or a new colleague's first one): the user's tokens stop working and a sign-in " +
      'lockout is lifted',
  })
  async setPassword(@Param('userId', idPipe) userId: string, @Body() dto: SetPasswordDto): Promise<void> {
    await this.users.setPassword(userId, dto.password);
  }

  @Get('departments')
  @Roles(...INTERNAL_ROLES)
  @ApiOperation({ summary: 'Every department: the codes activities and users refer to' })
  @ApiOkResponse({ type: DepartmentList })
  async departments(): Promise<DepartmentList> {
    return { items: await this.users.departments() };
  }

  @Post('departments')
  @ApiExamples(CreateDepartmentDto, REQUEST_EXAMPLES.createDepartment)
  @Roles('admin')
  @Audit('department.create', 'department')
  @ApiOperation({ summary: 'Add a department; 409 for a code in use' })
  @ApiCreatedResponse({ type: DepartmentView })
  createDepartment(@Body() dto: CreateDepartmentDto): Promise<DepartmentView> {
    return this.users.createDepartment(dto);
  }
}
