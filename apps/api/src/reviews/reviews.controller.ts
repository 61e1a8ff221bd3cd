import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { INTERNAL_ROLES, assertCanReadActivity, assertCanReview } from '../auth/policy.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { SubmitReviewDto } from './dto/review.dto.js';
import { ReviewsService } from './reviews.service.js';
import { ApiExamples, REQUEST_EXAMPLES } from '../common/request-examples.js';

const idPipe = new ParseUUIDPipe({
  exceptionFactory: () => new ApiError(ErrorCode.NOT_FOUND, 'No activity with this id', '未找到该活动'),
});

@ApiTags('lifecycle')
@ApiBearerAuth()
@Controller('api/activities/:id/reviews')
export class ReviewsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reviews: ReviewsService,
  ) {}

  @Post()
  @ApiExamples(SubmitReviewDto, REQUEST_EXAMPLES.review)
  @HttpCode(HttpStatus.OK)
  @Roles('dept_head', 'admin', 'vp', 'secretary_general')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat-safe key: the same key has no second effect' })
  @ApiOperation({
    summary: 'R-8 review at level 1 (dept head), 2 (admin) or 3 (VP/SG): approve, or return with comments per module or per finding; signs the version reviewed (R-6.4)',
  })
  async review(@Param('id', idPipe) id: string, @Body() dto: SubmitReviewDto, @CurrentActor() actor: Actor, @Headers('idempotency-key') key?: string) {
    const activity = await this.activity(id);
    assertCanReview(actor, dto.level, activity.leadDepartment);
    return this.reviews.review(activity, dto, actor, key);
  }

  @Get()
  @Roles(...INTERNAL_ROLES)
  @ApiOperation({ summary: 'Every review, oldest first: the version reviewed, the comments and the signature' })
  async list(@Param('id', idPipe) id: string, @CurrentActor() actor: Actor) {
    const activity = await this.activity(id);
    assertCanReadActivity(actor, activity.leadDepartment);
    return { items: await this.reviews.list(id) };
  }

  private async activity(id: string): Promise<ActivityEntity> {
    const activity = await this.dataSource.getRepository(ActivityEntity).findOneBy({ id });
    if (!activity) throw new ApiError(ErrorCode.NOT_FOUND, `Activity ${id} not found`, `未找到活动 ${id}`);
    return activity;
  }
}
