import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/roles.js';
import { Audit } from '../audit/audit.decorator.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { INTERNAL_ROLES } from '../auth/policy.js';
import { idParam } from '../common/ids.js';
import { ApiExamples } from '../common/request-examples.js';
import { SuggestionDetailView, SuggestionPage } from './dto/suggestion-view.dto.js';
import { ListSuggestionsQuery, UpdateSuggestionStatusDto } from './dto/suggestion.dto.js';
import { SuggestionsService } from './suggestions.service.js';

const suggestionIdPipe = idParam('suggestion', '改进建议');

export const SUGGESTION_EXAMPLES = {
  status: {
    start: { summary: 'Start implementing it', value: { status: 'in_progress', note: '已与合作媒体签订投放协议' } },
    done: { summary: 'Implemented', value: { status: 'implemented', note: '下届论坛已按周跟踪投放量' } },
    reject: { summary: 'Not adopted, with the reason', value: { status: 'rejected', reason: '经费预算不足,本年度不予安排' } },
    reopen: { summary: 'Reopen a rejected suggestion', value: { status: 'pending', note: '理事会要求重新研究' } },
  },
};

/** 改进建议落实跟踪: the suggestions of final summaries, and their implementation by the responsible department. */
@ApiTags('suggestions')
@ApiBearerAuth()
@Controller('api/suggestions')
export class SuggestionsController {
  constructor(private readonly suggestions: SuggestionsService) {}

  @Get()
  @Roles(...INTERNAL_ROLES)
  @Audit('suggestion.list')
  @ApiOkResponse({ type: SuggestionPage })
  @ApiOperation({
    summary:
      'R-14.2 the improvement suggestions of final summaries, newest first: `?department=` (responsible) `&status=&quarter=2026-Q4` ' +
      '(when the final version was formed, Asia/Shanghai) `&activityId=&page=&pageSize=`. Staff and department heads see the suggestions ' +
      'their department is responsible for or cooperates on; the association-wide roles see all',
  })
  list(@Query() q: ListSuggestionsQuery, @CurrentActor() actor: Actor): Promise<SuggestionPage> {
    return this.suggestions.list(actor, q);
  }

  @Get(':id')
  @Roles(...INTERNAL_ROLES)
  @Audit('suggestion.read', 'suggestion')
  @ApiOkResponse({ type: SuggestionDetailView })
  @ApiOperation({ summary: 'One suggestion with every status change (who, when, from, to, note, reason)' })
  get(@Param('id', suggestionIdPipe) id: string, @CurrentActor() actor: Actor): Promise<SuggestionDetailView> {
    return this.suggestions.get(actor, id);
  }

  @Post(':id/status')
  @HttpCode(HttpStatus.OK)
  @Roles('staff', 'dept_head')
  @Audit('suggestion.status', 'suggestion', 'id', ['status', 'note', 'reason'])
  @ApiExamples(UpdateSuggestionStatusDto, SUGGESTION_EXAMPLES.status)
  @ApiOkResponse({ type: SuggestionDetailView, description: 'Changed: the suggestion with its history' })
  @ApiOperation({
    summary:
      'R-5.5 the responsible department (its staff or head) records the implementation: pending → in_progress | implemented | ' +
      'rejected; in_progress → in_progress (a progress note) | implemented | rejected; rejected → pending (reopened); ' +
      'implemented is final. rejected needs a reason (400 without); 403 for another department; 409 for a change the ' +
      'current status does not allow (the message names it)',
  })
  updateStatus(
    @Param('id', suggestionIdPipe) id: string,
    @Body() dto: UpdateSuggestionStatusDto,
    @CurrentActor() actor: Actor,
  ): Promise<SuggestionDetailView> {
    return this.suggestions.updateStatus(actor, id, dto);
  }
}
