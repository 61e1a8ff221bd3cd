import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../../../../libs/domain/roles.js';
import { PageInfo } from '../../common/query.js';

/** A user as the administration department manages them (UsersService builds it). */
export class UserAdminView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'li.si' })
  username: string;

  @ApiProperty({ example: '李四' })
  displayName: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ type: String, nullable: true, example: 'publicity', description: 'null for association-wide roles' })
  department: string | null;

  @ApiProperty({ description: 'A deactivated user cannot sign in' })
  active: boolean;

  @ApiProperty({ description: 'Head among the holders of the role (admin, dept_head only)' })
  isHead: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class UserAdminPage extends PageInfo {
  @ApiProperty({ type: [UserAdminView], description: 'By username' })
  items: UserAdminView[];
}

/** An organisational unit; `code` is what activities and users refer to. */
export class DepartmentView {
  @ApiProperty({ example: 'publicity' })
  code: string;

  @ApiProperty({ example: '宣传部' })
  nameZh: string;

  @ApiProperty({ type: String, nullable: true, example: 'Publicity' })
  nameEn: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class DepartmentList {
  @ApiProperty({ type: [DepartmentView], description: 'By code' })
  items: DepartmentView[];
}
