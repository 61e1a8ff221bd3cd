import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { LifecycleState } from '../../../../../libs/domain/lifecycle.js';
import type { SummaryDocument, SummaryRates } from '../../../../../libs/summary/index.js';
import { SignatureView } from '../../signatures/dto/signature-view.dto.js';
import { FindingDto } from './summary-check.dto.js';

/** The rates computed from the quantitative part when the version was stored (libs/summary/metrics.ts). */
export class SummaryRatesView implements SummaryRates {
  @ApiProperty({ type: Number, nullable: true, example: 91.3, description: 'Percent; null without planned participants' })
  participation: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 91.3, description: 'Percent; null without valid answers' })
  satisfaction: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 92, description: 'Percent; null without questionnaires handed out' })
  questionnaireReturn: number | null;

  @ApiProperty({ example: 12000, description: 'Reach over every channel' })
  mediaExposure: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 3 })
  mediaReports: number;
}

/** One stored version of an activity's summary (SummariesService builds it; the reader's redaction applies). */
export class SummaryVersionView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  activityId: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  versionNo: number;

  @ApiProperty({
    example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    description: 'sha256 of the canonical document',
  })
  contentHash: string;

  @ApiProperty({ description: 'Accepted by the lifecycle as a submission (false: refused by blocking checks)' })
  submitted: boolean;

  @ApiProperty({ type: [FindingDto] })
  findings: FindingDto[];

  @ApiProperty({ type: SummaryRatesView })
  metrics: SummaryRatesView;

  @ApiProperty({ description: 'The compiler’s user id' })
  createdBy: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'The summary document (the shape of the submission’s `document`), only on `GET …/summaries/:versionId`; ' +
      'confidential fields and personal data 【已隐去】 for every reader but management',
  })
  document?: SummaryDocument;
}

export class SummaryVersionList {
  @ApiProperty({ type: [SummaryVersionView], description: 'Oldest first, without their documents' })
  items: SummaryVersionView[];
}

/** `POST /api/activities/:id/summaries`: the version stored, its compiler's signature, the lifecycle after it. */
export class SummarySubmission {
  @ApiProperty({ type: SummaryVersionView })
  version: SummaryVersionView;

  @ApiProperty({ type: SignatureView })
  signature: SignatureView;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The workflow’s state after the submission' })
  lifecycle: LifecycleState;
}
