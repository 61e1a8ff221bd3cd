import { ApiProperty } from '@nestjs/swagger';
import type { LifecycleState } from '../../../../../libs/domain/lifecycle.js';
import { SignatureView } from '../../signatures/dto/signature-view.dto.js';

export class ReviewerView {
  @ApiProperty({ description: 'The reviewer’s user id' })
  userId: string;

  @ApiProperty({ example: 'dept_head', description: 'The reviewer’s role when they reviewed' })
  role: string;
}

/** A comment on a module of the version, or on one of its check findings (both null: a general comment). */
export class ReviewCommentView {
  @ApiProperty({ type: String, nullable: true, example: 'effectiveness' })
  module: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'R-9.2' })
  findingRule: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'effectiveness.quantitative.satisfaction.statedRate' })
  findingPath: string | null;

  @ApiProperty({ example: '满意度请按有效答卷重新计算' })
  text: string;
}

/** R-8 one review of one version, with its comments and the reviewer's signature (ReviewsService builds it). */
export class ReviewView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  activityId: string;

  @ApiProperty({ format: 'uuid' })
  versionId: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'The reviewed version’s number (0 if that version is gone)' })
  versionNo: number;

  @ApiProperty({
    type: 'integer',
    enum: [1, 2, 3],
    description: '1 department head, 2 administration, 3 vice-president or secretary-general',
  })
  level: 1 | 2 | 3;

  @ApiProperty({ enum: ['approve', 'return'] })
  decision: 'approve' | 'return';

  @ApiProperty({ type: ReviewerView })
  reviewer: ReviewerView;

  @ApiProperty({ type: [ReviewCommentView] })
  comments: ReviewCommentView[];

  @ApiProperty({
    type: SignatureView,
    nullable: true,
    description: 'null when the review was recorded from the lifecycle alone (the worker’s projection does not sign)',
  })
  signature: SignatureView | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class ReviewList {
  @ApiProperty({ type: [ReviewView], description: 'Oldest first' })
  items: ReviewView[];
}

const LIFECYCLE = { type: 'object', additionalProperties: true, description: 'The workflow’s state after it' } as const;

/** `POST /api/activities/:id/reviews`. */
export class ReviewResult {
  @ApiProperty({ format: 'uuid' })
  activityId: string;

  @ApiProperty(LIFECYCLE)
  lifecycle: LifecycleState;

  @ApiProperty({ type: ReviewView })
  review: ReviewView;
}

/** `POST /api/activities/:id/special-meeting`. */
export class SpecialMeetingResult {
  @ApiProperty({ format: 'uuid' })
  activityId: string;

  @ApiProperty(LIFECYCLE)
  lifecycle: LifecycleState;

  @ApiProperty({
    type: SignatureView,
    nullable: true,
    description:
      'The vice-president’s signature of the version decided on; null when the summary reached the meeting without a stored version',
  })
  signature: SignatureView | null;
}
