import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/roles.js';
import { ActivityLookup, activityIdPipe } from '../activities/activity-lookup.js';
import { Audit } from '../audit/audit.decorator.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { ApiExamples, REQUEST_EXAMPLES } from '../common/request-examples.js';
import { CreateScoreFlagDto, ScoreFlagsView, ScoreFlagView } from './dto/scores.dto.js';
import { SCORE_READERS } from './department-scores.controller.js';
import { ScoreFlagsService } from './score-flags.service.js';

/** R-18.2: the 通报 "falsified" flag and the authorities' commendation of an activity's summary. */
@ApiTags('scores')
@ApiBearerAuth()
@Controller('api/activities/:id/score-flags')
export class ScoreFlagsController {
  constructor(
    private readonly activities: ActivityLookup,
    private readonly flags: ScoreFlagsService,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiExamples(CreateScoreFlagDto, REQUEST_EXAMPLES.scoreFlag)
  // SPEC §1: the supervisory board may flag a summary as falsified (通报); management records commendations too.
  @Roles('management', 'supervisor')
  @Audit('score_flag.set', 'activity', 'id', ['kind', 'value', 'reason'])
  @ApiCreatedResponse({ type: ScoreFlagView })
  @ApiOperation({
    summary: 'R-18 set or withdraw the falsified (通报) or commended flag of the activity’s summary, with a reason (audited)',
    description:
      'Append-only: the latest entry of a kind is in force and counts in the annual department score of the year the activity ' +
      'ended (falsified: quality −10, and the summary is no training material; commended: application +10).',
  })
  async add(
    @Param('id', activityIdPipe) id: string,
    @Body() dto: CreateScoreFlagDto,
    @CurrentActor() actor: Actor,
  ): Promise<ScoreFlagView> {
    await this.activities.findOr404(id);
    return this.flags.add(id, dto, actor);
  }

  @Get()
  @Roles(...SCORE_READERS)
  @ApiOkResponse({ type: ScoreFlagsView })
  @ApiOperation({ summary: 'R-18 the falsified and commended flags in force and every entry, newest first' })
  async list(@Param('id', activityIdPipe) id: string): Promise<ScoreFlagsView> {
    await this.activities.findOr404(id);
    return this.flags.list(id);
  }
}
