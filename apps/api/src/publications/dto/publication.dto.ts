import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import {
  PUBLICATION_KINDS,
  PUBLICATION_STATUSES,
  type PublicationKind,
  type PublicationStatus,
} from '../../../../../libs/publications/index.js';
import { PageQuery } from '../../common/query.js';

/** Which publication to build from the activity's final version. */
export class CreatePublicationDto {
  @ApiProperty({
    enum: PUBLICATION_KINDS,
    example: 'member_digest',
    description: 'member_digest 会员平台摘要 (R-14.4, the five modules) or public_short 公开简版 (R-15.3, the social-value part)',
  })
  @IsIn(PUBLICATION_KINDS)
  kind: PublicationKind;
}

export class PublicationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PUBLICATION_STATUSES, description: 'approved: published; draft: waiting for admin' })
  @IsOptional()
  @IsIn(PUBLICATION_STATUSES)
  status?: PublicationStatus;

  @ApiPropertyOptional({ enum: PUBLICATION_KINDS })
  @IsOptional()
  @IsIn(PUBLICATION_KINDS)
  kind?: PublicationKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this activity’s publications' })
  @IsOptional()
  @IsUUID()
  activityId?: string;
}
