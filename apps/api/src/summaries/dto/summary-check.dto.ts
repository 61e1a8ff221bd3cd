import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SUMMARY_MODULES, type SummaryModule } from '../../../../../libs/summary/document.js';
import { FINDING_RULES, type Finding, type FindingRule, type Severity } from '../../../../../libs/summary/findings.js';

/** One automatic-check finding (libs/summary/findings.ts), as the submission's 422 details carry them. */
export class FindingDto implements Finding {
  @ApiProperty({ enum: FINDING_RULES, example: 'R-9.2' })
  rule: FindingRule;

  @ApiProperty({ enum: ['blocking', 'warning'], description: 'blocking refuses the submission; warnings are shown to reviewers' })
  severity: Severity;

  @ApiPropertyOptional({ enum: SUMMARY_MODULES, description: 'The module the finding is about' })
  module?: SummaryModule;

  @ApiPropertyOptional({
    example: 'effectiveness.quantitative.satisfaction.statedRate',
    description: 'Dotted path into the document, array indexes included',
  })
  path?: string;

  @ApiProperty()
  message: string;

  @ApiProperty({ example: '满意度填报为95%,与“有效答卷184份,其中“满意”121份、“较满意”47份”计算所得91.3%不符(允许误差±0.5个百分点)' })
  messageZh: string;
}

/** `POST /api/activities/:id/summaries/check`: what a submission of this document would be told. */
export class SummaryCheckResponse {
  @ApiProperty({ type: [FindingDto] })
  findings: FindingDto[];

  @ApiProperty({ description: 'Blocking findings: a submission would be refused with 422 while there are any' })
  blocking: number;

  @ApiProperty()
  warnings: number;
}
