import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, Role } from '../../../../libs/domain/roles.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { assertCanReadActivity } from '../auth/policy.js';
import { EscalationsService } from './escalations.service.js';
import { EscalationsQuery } from './notifications.dto.js';
import { ChannelHealthList, EscalationPage } from './notification-views.dto.js';

/** Who oversees escalations (issue §5): department heads for their own department only. */
export const ESCALATION_READERS: readonly Role[] = ['dept_head', 'admin', 'vp', 'secretary_general', 'management', 'supervisor'];

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/escalations')
export class EscalationsController {
  constructor(private readonly escalations: EscalationsService) {}

  @Get()
  @Roles(...ESCALATION_READERS)
  @ApiOperation({
    summary:
      'Escalations and reminders with each recipient’s per-channel results: ' +
      '`?activityId=&q=&department=&deadlineKey=&kind=&open=&page=&pageSize=` (q: part of the activity name). ' +
      'Recipients by username, name and role; ' +
      'their user ids only for the admin; the total counts up to 10,000 (`totalExact`)',
  })
  @ApiOkResponse({ type: EscalationPage })
  list(@Query() query: EscalationsQuery, @CurrentActor() actor: Actor): Promise<EscalationPage> {
    if (actor.role === 'dept_head') {
      if (query.department && query.department !== actor.department) assertCanReadActivity(actor, query.department);
      query.department = actor.department ?? undefined;
    }
    return this.escalations.list(query, actor);
  }

  @Get('channel-health')
  // The admin runs the channels; the supervisory board reads everything (SPEC §1).
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Channels with deliveries still unsent after errors (retrying / given up), for the admin and the supervisor' })
  @ApiOkResponse({ type: ChannelHealthList })
  channelHealth(): Promise<ChannelHealthList> {
    return this.escalations.channelHealth();
  }
}
