import { ApiProperty } from '@nestjs/swagger';
import {
  PUBLICATION_KINDS,
  PUBLICATION_STATUSES,
  type PublicationContent,
  type PublicationFigure,
  type PublicationKind,
  type PublicationSection,
  type PublicationStatus,
} from '../../../../../libs/publications/index.js';
import { PageInfo } from '../../common/query.js';

export class PublicationFigureView implements PublicationFigure {
  @ApiProperty({ example: '参与人数' })
  label: string;

  @ApiProperty({ example: '386 人' })
  value: string;
}

export class PublicationSectionView implements PublicationSection {
  @ApiProperty({ example: '成效评估' })
  heading: string;

  @ApiProperty({ type: [String], example: ['社会价值：直播及回放覆盖线上观众逾40万人次;…'] })
  paragraphs: string[];
}

/** libs/publications PublicationContent: desensitized (phones 138****5678, IDs 110105********1234, e-mails w***@163.com, names 某某). */
export class PublicationContentView implements PublicationContent {
  @ApiProperty({ example: '2026青年导演论坛活动总结（会员版）' })
  title: string;

  @ApiProperty({ example: '2026年11月20日', description: 'The activity’s date(s), Beijing time' })
  date: string;

  @ApiProperty({ type: [PublicationFigureView] })
  figures: PublicationFigureView[];

  @ApiProperty({ type: [PublicationSectionView] })
  sections: PublicationSectionView[];
}

/** Who generated or approved it (display name null when the account is gone). */
export class PublicationActorView {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ type: String, nullable: true, example: '行政部' })
  displayName: string | null;
}

export class PublicationView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  activityId: string;

  @ApiProperty({ example: '2026青年导演论坛' })
  activityName: string;

  @ApiProperty({ example: 'publicity' })
  leadDepartment: string;

  @ApiProperty({ enum: PUBLICATION_KINDS })
  kind: PublicationKind;

  @ApiProperty({ example: '会员平台摘要' })
  kindZh: string;

  @ApiProperty({ format: 'uuid', description: 'The final version it was built from' })
  versionId: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  versionNo: number;

  @ApiProperty({ enum: PUBLICATION_STATUSES, description: 'Only approved publications count as published' })
  status: PublicationStatus;

  @ApiProperty({ example: '待审定' })
  statusZh: string;

  @ApiProperty({ description: 'status is approved' })
  published: boolean;

  @ApiProperty({ type: PublicationContentView })
  content: PublicationContentView;

  @ApiProperty({ description: 'The content as plain text (title, date, figures, sections), for the member platform' })
  text: string;

  @ApiProperty({ type: PublicationActorView })
  createdBy: PublicationActorView;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: PublicationActorView, nullable: true })
  approvedBy: PublicationActorView | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  approvedAt: string | null;
}

export class PublicationPage extends PageInfo {
  @ApiProperty({ type: [PublicationView] })
  items: PublicationView[];
}
