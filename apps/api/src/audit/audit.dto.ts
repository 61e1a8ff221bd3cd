import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../../../../libs/domain/roles.js';
import { PageInfo, PageQuery } from '../common/query.js';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only what this user did' })
  @IsOptional()
  @IsUUID()
  actorUserId?: string;

  @ApiPropertyOptional({ example: 'summary.read', description: 'Exact action, or a prefix ending in a dot (`user.`)' })
  @IsOptional()
  @Matches(/^[\w. /:{}-]{1,100}$/)
  action?: string;

  @ApiPropertyOptional({ example: 'summary_version' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  targetType?: string;

  @ApiPropertyOptional({ description: 'Id of the record acted on' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  targetId?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00+08:00', description: 'From this instant (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00+08:00', description: 'Until this instant (exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

/** One audit row as stored (libs/db/entities/audit-log.entity.ts). */
export class AuditEntryView {
  @ApiProperty({ example: '1024', description: 'Increasing row number (a bigint, as a string)' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null when nobody was signed in (a failed login)' })
  actorUserId: string | null;

  @ApiProperty({ enum: ROLES, nullable: true })
  actorRole: Role | null;

  @ApiProperty({ example: 'activity.register' })
  action: string;

  @ApiProperty({ type: String, nullable: true, example: 'activity' })
  targetType: string | null;

  @ApiProperty({ type: String, nullable: true })
  targetId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The peer address' })
  ip: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent: string | null;

  @ApiProperty({ type: String, nullable: true })
  requestId: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What else the action recorded (method, route, status, the acting department, the fields changed, …)',
  })
  details: Record<string, unknown>;
}

/** `GET /api/audit`: one page, newest first. */
export class AuditPage extends PageInfo {
  @ApiProperty({ type: [AuditEntryView] })
  items: AuditEntryView[];
}
