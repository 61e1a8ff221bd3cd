import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../../../../libs/domain/roles.js';

/** The signed-in user (`GET /api/auth/me`, and `user` of a sign-in). */
export class UserView {
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
}

/** `POST /api/auth/login`: the bearer token, its lifetime and the user. */
export class LoginResult {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`' })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ type: 'integer', minimum: 1, example: 28800, description: 'Seconds the token stays valid (JWT_TTL_SECONDS)' })
  expiresIn: number;

  @ApiProperty({ type: UserView })
  user: UserView;
}
