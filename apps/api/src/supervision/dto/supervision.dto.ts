import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { DEADLINE_KEYS } from '../../../../../libs/domain/lifecycle.js';
import { ROLES } from '../../../../../libs/domain/roles.js';
import { TIMELINE_KINDS } from '../../../../../libs/supervision/timeline.js';
import { IsCalendarDate } from '../../common/calendar-validation.js';

/** Largest sample one request draws: each activity's timeline reads its whole workflow history. */
export const SAMPLE_SIZE_MAX = 50;

export class CreateSampleDto {
  @ApiProperty({
    example: '2026-01-01',
    format: 'date',
    description: 'First day of the period (activities that ended on or after it, Asia/Shanghai)',
  })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ example: '2026-12-31', format: 'date', description: 'Last day of the period, not before `from` (else 400)' })
  @IsCalendarDate()
  to: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: SAMPLE_SIZE_MAX, example: 5, description: 'How many activities to draw' })
  @IsInt()
  @Min(1)
  @Max(SAMPLE_SIZE_MAX)
  size: number;

  @ApiPropertyOptional({
    example: 'board-2026-q4',
    pattern: '^[A-Za-z0-9_-]{1,64}$',
    description:
      'The random seed: the same seed over the same period draws the same activities. A fresh one is chosen and recorded when absent',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  seed?: string;
}

export class TimelineActorView {
  @ApiProperty({ example: 'u-1' }) userId: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ type: String, nullable: true, example: 'publicity' }) department: string | null;
  @ApiPropertyOptional({ example: '张三' }) displayName?: string;
}

export class SignatureCheckView {
  @ApiProperty({ format: 'uuid' }) signatureId: string;
  @ApiProperty({ example: '李四' }) signerName: string;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  @ApiProperty({ example: '3f1c0e7a9b2d4c61' }) keyId: string;
  @ApiProperty({ description: 'The signature is this service’s, over exactly these facts, and the version still has the signed hash' })
  valid: boolean;
  @ApiProperty({ type: [String] }) problems: string[];
}

export class TimelineEventDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: TIMELINE_KINDS }) kind: string;
  @ApiProperty({ type: TimelineActorView, nullable: true, description: 'Who sent the message; null for what the lifecycle did itself' })
  actor: TimelineActorView | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { level: 1, decision: 'approve', versionId: '9b1d…', comments: 0 },
    description: 'Process facts of the event (never what people wrote): e.g. level, decision, versionId, deadlineKey, recipients',
  })
  detail: Record<string, unknown>;
  @ApiProperty({ enum: ['update', 'signal', 'workflow'] }) source: string;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty({ description: 'Run of the workflow chain that holds the event' }) runId: string;
  @ApiProperty({ type: 'integer' }) eventId: number;
  @ApiPropertyOptional({ type: SignatureCheckView, nullable: true, description: 'Reviews only: the reviewer’s signature, verified now' })
  signature?: SignatureCheckView | null;
}

export class TimelineDeadlineDto {
  @ApiProperty({ enum: DEADLINE_KEYS }) key: string;
  @ApiProperty({ type: 'integer' }) occurrence: number;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ enum: ['pending', 'met', 'overdue', 'waived'] }) status: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) metAt: string | null;
  @ApiProperty({ description: 'Met after its due time, or overdue' }) late: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reminderSentAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) escalatedAt: string | null;
  @ApiProperty() provisional: boolean;
  @ApiProperty({ example: 'Draft due 2026-12-01 (7 working days)' }) description: string;
}

export class TimelineResponse {
  @ApiProperty({ format: 'uuid' }) activityId: string;
  @ApiProperty({ example: 'activity-9b1d…' }) workflowId: string;
  @ApiProperty({ description: 'False when Temporal no longer holds the history; the deadlines then come from the projection' })
  historyAvailable: boolean;
  @ApiProperty({ type: 'integer', description: 'Runs of the continue-as-new chain read' }) runs: number;
  @ApiProperty({ type: [TimelineEventDto] }) events: TimelineEventDto[];
  @ApiProperty({ type: [TimelineDeadlineDto] }) deadlines: TimelineDeadlineDto[];
}

export class SampleSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: 'integer' }) size: number;
  @ApiProperty({ description: 'The seed that drew the sample: recorded, so the draw can be repeated' }) seed: string;
  @ApiProperty({ type: 'integer', description: 'Activities that ended in the period' }) population: number;
  @ApiProperty({ type: [String], description: 'The activities drawn, in the order drawn' }) activityIds: string[];
  @ApiProperty() createdBy: string;
  @ApiProperty({ enum: ROLES }) createdByRole: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class SampleActivityView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() type: string;
  @ApiProperty() leadDepartment: string;
  @ApiProperty({ example: '宣传部' }) leadDepartmentName: string;
  @ApiProperty({ format: 'date-time' }) endAt: string;
  @ApiProperty() stage: string;
}

export class ArchiveCompletenessView {
  @ApiProperty({ description: 'Both copies confirmed (R-12) and the final DOCX stored' }) complete: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) paperConfirmedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) electronicConfirmedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) storedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) sha256: string | null;
}

export class SampleSuggestionUpdateView {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() actorUserId: string;
  @ApiProperty() actorRole: string;
  @ApiProperty() fromStatus: string;
  @ApiProperty() toStatus: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export class SuggestionRecordView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() measure: string;
  @ApiProperty() responsibleDepartment: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ enum: ['pending', 'in_progress', 'implemented', 'rejected'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) statusReason: string | null;
  @ApiProperty({ type: [SampleSuggestionUpdateView] }) updates: SampleSuggestionUpdateView[];
}

export class SampleItemView {
  @ApiProperty({ type: SampleActivityView }) activity: SampleActivityView;
  @ApiProperty({ type: TimelineResponse }) timeline: TimelineResponse;
  @ApiProperty({ type: ArchiveCompletenessView }) archive: ArchiveCompletenessView;
  @ApiProperty({ type: [SuggestionRecordView] }) suggestions: SuggestionRecordView[];
}

export class SampleReportResponse extends SampleSummaryResponse {
  @ApiProperty({ type: [SampleItemView] }) items: SampleItemView[];
}
