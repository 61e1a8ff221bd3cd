import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '../../../../../libs/domain/roles.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USERNAME_PATTERN } from '../../../../../libs/users/directory.js';
import { PageQuery, toBoolean } from '../../common/query.js';
import { IsDepartmentCode } from '../../common/validation.js';

export class CreateUserDto {
  @ApiProperty({ example: 'li.si', description: 'Lowercase letters, digits, _ . - ; 2–64, starting with a letter' })
  @Matches(USERNAME_PATTERN)
  username: string;

  @ApiProperty({ example: '李四', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ enum: ROLES, example: 'staff' })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({
    example: 'publicity',
    nullable: true,
    description: 'Required for staff and dept_head; absent for association-wide roles',
  })
  @IsOptional()
  @IsDepartmentCode()
  department?: string | null;

  @ApiProperty({
    example: 'change-me-at-first-sign-in',
    minLength: PASSWORD_MIN_LENGTH,
    description: 'Initial password; the user changes it with POST /api/auth/password',
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

/** Only what is sent changes; `department: null` moves a user out of every department. */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: '李四(宣传部)', maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, example: 'dept_head' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ example: 'publicity', nullable: true })
  @ValidateIf((_o, v) => v !== undefined && v !== null)
  @IsDepartmentCode()
  department?: string | null;

  @ApiPropertyOptional({
    example: false,
    description: 'false deactivates: sign-in and existing tokens stop working at once; the user is kept for the audit log',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    example: true,
    description:
      'Head of the department among the holders of the role: for an admin, the head of the administration department, who alone ' +
      'receives the overdue archive escalation (R-12.3; with no head flagged, every admin does). Only for admin and dept_head; ' +
      'a change to another role clears it',
  })
  @IsOptional()
  @IsBoolean()
  isHead?: boolean;
}

export class SetPasswordDto {
  @ApiProperty({ example: 'a-new-password-2026', minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class ChangeOwnPasswordDto {
  @ApiProperty({ example: 'demo-password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword: string;

  @ApiProperty({ example: 'my-new-password-2026', minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword: string;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ example: 'publicity' })
  @IsOptional()
  @IsDepartmentCode()
  department?: string;

  @ApiPropertyOptional({ description: 'Only active (true) or only deactivated (false) users' })
  @IsOptional()
  @toBoolean
  @IsBoolean()
  active?: boolean;
}

export class CreateDepartmentDto {
  @ApiProperty({ example: 'international', description: 'Lowercase letters, digits, underscore; what activities and users refer to' })
  @IsDepartmentCode()
  code: string;

  @ApiProperty({ example: '国际交流部', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  nameZh: string;

  @ApiPropertyOptional({ example: 'International Exchange', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  nameEn?: string;
}
