import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTIVITY_TYPES } from '../../../../../libs/domain/activity.js';
import { DEADLINE_KEYS, STAGES, type DeadlineKey, type Stage } from '../../../../../libs/domain/lifecycle.js';
import { MESSAGE_NAMES, type MessageName } from '../../../../../libs/domain/lifecycle-machine.js';

/** The deadline a to-do answers to, as the lifecycle holds it. */
export class TodoDeadlineDto {
  @ApiProperty({ enum: DEADLINE_KEYS, example: 'draft' })
  key: DeadlineKey;

  @ApiProperty({ example: 1, description: '1 for the first deadline of a key; revisions count up with each return' })
  occurrence: number;

  @ApiProperty({ format: 'date-time', description: 'End (23:59:59 Asia/Shanghai) of the due day' })
  dueAt: string;

  @ApiProperty({ enum: ['pending', 'overdue'] })
  status: 'pending' | 'overdue';

  @ApiProperty({ description: 'Computed from a year whose official holiday schedule is not yet published (暂定)' })
  provisional: boolean;
}

/** One thing the signed-in user may do now, on one activity. */
export class TodoItemDto {
  @ApiProperty({ format: 'uuid' })
  activityId: string;

  @ApiProperty({ example: '2026青年导演论坛' })
  name: string;

  @ApiProperty({ enum: ACTIVITY_TYPES })
  type: string;

  @ApiProperty({ example: 'publicity' })
  leadDepartment: string;

  @ApiProperty({ enum: STAGES })
  stage: Stage;

  @ApiProperty({ description: 'R-10.2 major activity' })
  isMajor: boolean;

  @ApiProperty({ enum: MESSAGE_NAMES, description: 'The lifecycle message waiting for this user (one of their allowedActions)' })
  action: MessageName;

  @ApiPropertyOptional({
    type: TodoDeadlineDto,
    nullable: true,
    description: 'The open deadline of that step (reviews answer to the final-version deadline); null when none is open',
  })
  deadline: TodoDeadlineDto | null;
}

export class TodoResponse {
  @ApiProperty({ type: [TodoItemDto], description: 'Nearest due first; items without a deadline last' })
  items: TodoItemDto[];

  @ApiProperty()
  total: number;
}
