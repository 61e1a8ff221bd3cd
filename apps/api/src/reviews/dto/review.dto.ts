import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { FINDING_RULES } from '../../../../../libs/summary/findings.js';

/** What a comment may be about: one of the five modules, the attachments or the title. */
export const COMMENT_TARGETS = ['overview', 'execution', 'effectiveness', 'lessons', 'improvements', 'attachments', 'title'] as const;

/** a reviewer returns a summary *with comments*; an approval may have none. */
function ReturnHasComments(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'returnNeedsComments',
      validator: {
        validate: (comments: unknown, args) =>
          (args?.object as SubmitReviewDto).decision !== 'return' || (Array.isArray(comments) && comments.length > 0),
        defaultMessage: () => 'comments must hold at least one comment when the decision is return',
      },
    },
    options,
  );
}

export class ReviewCommentDto {
  @ApiPropertyOptional({ enum: COMMENT_TARGETS, example: 'lessons', description: 'Summary module the comment is about' })
  @IsOptional()
  @IsIn(COMMENT_TARGETS)
  module?: string;

  @ApiPropertyOptional({
    enum: FINDING_RULES,
    example: 'R-9.3',
    description: "Rule of one of the version's check findings the comment is about",
  })
  @IsOptional()
  @IsIn(FINDING_RULES)
  findingRule?: string;

  @ApiPropertyOptional({
    example: 'lessons.problems.0.description',
    description: 'Path of that finding, when the rule has several findings',
  })
  @ValidateIf((c: ReviewCommentDto) => c.findingPath !== undefined)
  @IsString()
  @Matches(/^[a-zA-Z0-9_.]{1,200}$/)
  findingPath?: string;

  @ApiProperty({ example: '问题描述需写明具体数据,如签到排队平均时长', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text: string;
}

export class SubmitReviewDto {
  @ApiProperty({ enum: [1, 2, 3], example: 1, description: '1 dept head (初审), 2 admin (复核), 3 VP or SG (终审)' })
  @IsIn([1, 2, 3])
  level: 1 | 2 | 3;

  @ApiProperty({ enum: ['approve', 'return'], example: 'return' })
  @IsIn(['approve', 'return'])
  decision: 'approve' | 'return';

  @ApiProperty({
    type: [ReviewCommentDto],
    description: 'Per module or per finding; a return needs at least one (R-8: returned with comments)',
  })
  @IsArray()
  @ReturnHasComments()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ReviewCommentDto)
  comments: ReviewCommentDto[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The summary version read; refused (409) when a newer one was submitted since. Default: the version under review.',
  })
  @IsOptional()
  @IsUUID()
  versionId?: string;
}
