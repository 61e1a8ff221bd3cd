import { ApiProperty } from '@nestjs/swagger';
import type { LifecycleState } from '../../../../../libs/domain/lifecycle.js';

/** `POST /api/activities`: the new activity (201), or the one an earlier request with the same Idempotency-Key created (200). */
export class RegisteredActivity {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'activity-0f8fad5b-d9cb-469f-a165-70867728950e', description: 'Its lifecycle workflow: `activity-<id>`' })
  workflowId: string;
}

/**
 * The answer to a lifecycle message sent as a Temporal update (base data, feedback, disposal,
 * retention, the archive confirmation): the activity and the workflow's state after the message.
 */
export class LifecycleAnswer {
  @ApiProperty({ format: 'uuid' })
  activityId: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The workflow’s state after the message (stage, deadlines, submissions, reviews, …)',
  })
  lifecycle: LifecycleState;
}
