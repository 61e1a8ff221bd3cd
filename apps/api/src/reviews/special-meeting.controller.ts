import { Body, Controller, Headers, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { senderRoles } from '../../../../libs/domain/lifecycle-machine.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import { ActivityLookup, activityIdPipe } from '../activities/activity-lookup.js';
import { RecordSpecialMeetingDto } from '../activities/dto/lifecycle-messages.dto.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { ApiExamples, REQUEST_EXAMPLES } from '../common/request-examples.js';
import { SpecialMeetingResult } from './dto/review-view.dto.js';
import { ReviewsService } from './reviews.service.js';

@ApiTags('lifecycle')
@ApiBearerAuth()
@Controller('api/activities/:id/special-meeting')
export class SpecialMeetingController {
  constructor(
    private readonly activities: ActivityLookup,
    private readonly reviews: ReviewsService,
  ) {}

  @Post()
  @ApiExamples(RecordSpecialMeetingDto, REQUEST_EXAMPLES.specialMeeting)
  @HttpCode(HttpStatus.OK)
  @Roles(...senderRoles('recordSpecialMeeting'))
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat-safe key: the same key has no second effect' })
  @ApiOperation({
    summary: 'R-10.2 record the special meeting chaired by the VP: revise or finalize; the VP signs the version decided on (R-6.4)',
  })
  @ApiOkResponse({ type: SpecialMeetingResult })
  async record(
    @Param('id', activityIdPipe) id: string,
    @Body() dto: RecordSpecialMeetingDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
  ): Promise<SpecialMeetingResult> {
    const activity = await this.activities.findOr404(id);
    return this.reviews.recordSpecialMeeting(activity, dto, actor, key);
  }
}
