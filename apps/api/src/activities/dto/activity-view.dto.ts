import { ApiProperty } from '@nestjs/swagger';
import { ACTIVITY_TYPES } from '../../../../../libs/domain/activity.js';
import { STAGES, type LifecycleState } from '../../../../../libs/domain/lifecycle.js';
import { MESSAGE_NAMES, type MessageName } from '../../../../../libs/domain/lifecycle-machine.js';
import { CappedPageInfo } from '../../common/query.js';
import { ParticipantsDto } from './register-activity.dto.js';

/** One activity: its stored record and its workflow's state (ActivitiesService builds the value). */
export class ActivityView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '2026青年导演论坛' })
  name: string;

  @ApiProperty({ enum: ACTIVITY_TYPES })
  type: string;

  @ApiProperty({ example: 'publicity' })
  leadDepartment: string;

  @ApiProperty({ type: [String] })
  coOrganizers: string[];

  @ApiProperty({ type: [String] })
  partners: string[];

  @ApiProperty({ format: 'date-time' })
  startAt: string;

  @ApiProperty({ format: 'date-time' })
  endAt: string;

  @ApiProperty()
  location: string;

  @ApiProperty({ type: ParticipantsDto })
  plannedParticipants: ParticipantsDto;

  @ApiProperty()
  releasesPolicy: boolean;

  @ApiProperty()
  anniversary: boolean;

  @ApiProperty()
  nationalLevel: boolean;

  @ApiProperty({ description: 'R-10.2 major activity' })
  isMajor: boolean;

  @ApiProperty({ description: 'R-13.1 permanent retention' })
  permanent: boolean;

  @ApiProperty({ example: 'activity-…' })
  workflowId: string;

  @ApiProperty({ enum: STAGES })
  stage: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      "The workflow's live state (stage, deadlines, submissions, reviews, …); the last projected one when the workflow cannot be queried",
  })
  lifecycle: LifecycleState | null;
}

/** `GET /api/activities/:id`: the activity with what its reader may send now. */
export class ActivityDetailResponse extends ActivityView {
  @ApiProperty({
    enum: MESSAGE_NAMES,
    isArray: true,
    example: ['submitBaseData', 'submitDraft'],
    description:
      'The lifecycle messages the signed-in user may send now (role, department, stage, four eyes), as the lifecycle machine decides: ' +
      'the buttons a form shows. Empty when there is no lifecycle state.',
  })
  allowedActions: MessageName[];
}

/** `GET /api/activities`: one page, from the projection (each row's last projected state). */
export class ActivityPage extends CappedPageInfo {
  @ApiProperty({ type: [ActivityView] })
  items: ActivityView[];
}
