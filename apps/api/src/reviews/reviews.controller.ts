import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { senderRoles } from '../../../../libs/domain/lifecycle-machine.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { INTERNAL_ROLES, assertCanReview } from '../auth/policy.js';
import { ReadAccessService } from '../reads/read-access.service.js';
import { SubmitReviewDto } from './dto/review.dto.js';
import { ReviewList, ReviewResult } from './dto/review-view.dto.js';
import { ReviewsService } from './reviews.service.js';
import { ApiExamples, REQUEST_EXAMPLES } from '../common/request-examples.js';
import { ActivityLookup, activityIdPipe } from '../activities/activity-lookup.js';

@ApiTags('lifecycle')
@ApiBearerAuth()
@Controller('api/activities/:id/reviews')
export class ReviewsController {
  constructor(
    private readonly activities: ActivityLookup,
    private readonly reviews: ReviewsService,
    private readonly reads: ReadAccessService,
  ) {}

  @Post()
  @ApiExamples(SubmitReviewDto, REQUEST_EXAMPLES.review)
  @HttpCode(HttpStatus.OK)
  @Roles(...senderRoles('review'))
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat-safe key: the same key has no second effect' })
  @ApiOperation({
    summary:
      'R-8 review at level 1 (dept head), 2 (admin) or 3 (VP/SG): approve, or return ' +
      'with comments per module or per finding; signs the version reviewed (R-6.4)',
  })
  @ApiOkResponse({ type: ReviewResult })
  async review(
    @Param('id', activityIdPipe) id: string,
    @Body() dto: SubmitReviewDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
  ): Promise<ReviewResult> {
    const activity = await this.activities.findOr404(id);
    assertCanReview(actor, dto.level, activity.leadDepartment);
    return this.reviews.review(activity, dto, actor, key);
  }

  @Get()
  @Roles(...INTERNAL_ROLES)
  @ApiOperation({ summary: 'Every review, oldest first: the version reviewed, the comments and the signature' })
  @ApiOkResponse({ type: ReviewList })
  async list(@Param('id', activityIdPipe) id: string, @CurrentActor() actor: Actor): Promise<ReviewList> {
    const activity = await this.activities.findOr404(id);
    // Review comments quote the summary: the same readers as the summary itself.
    await this.reads.assertCanRead(actor, activity);
    return { items: await this.reviews.list(id) };
  }
}
