import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/roles.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { INTERNAL_ROLES } from '../auth/policy.js';
import { InboxQuery, PreferencesDto } from './notifications.dto.js';
import { NotificationsService } from './notifications.service.js';
import { ApiExamples, REQUEST_EXAMPLES } from '../common/request-examples.js';
import { idParam } from '../common/ids.js';

const idPipe = idParam('notification', '消息');

/** The signed-in user's own inbox: nobody reads or marks anyone else's. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/notifications')
@Roles(...INTERNAL_ROLES)
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Own inbox, newest first: `{ items, total, page, pageSize, unread }`; `?unread=&activityId=&page=&pageSize=`' })
  list(@Query() query: InboxQuery, @CurrentActor() actor: Actor) {
    return this.notifications.list(actor.userId, query);
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'Number of unread messages in the own inbox: `{ unread }`' })
  async unreadCount(@CurrentActor() actor: Actor) {
    return { unread: await this.notifications.unreadCount(actor.userId) };
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark one own message read (repeat-safe); 404 for anyone else’s' })
  markRead(@Param('id', idPipe) id: string, @CurrentActor() actor: Actor) {
    return this.notifications.markRead(actor.userId, id);
  }

  @Get('preferences')
  @ApiOperation({ summary: 'Own e-mail address and whether messages also go by e-mail' })
  preferences(@CurrentActor() actor: Actor) {
    return this.notifications.preferences(actor.userId);
  }

  @Put('preferences')
  @ApiExamples(PreferencesDto, REQUEST_EXAMPLES.preferences)
  @ApiOperation({ summary: 'Replace own `{ email, wantsEmail }`; the inbox is always on' })
  setPreferences(@Body() dto: PreferencesDto, @CurrentActor() actor: Actor) {
    return this.notifications.setPreferences(actor.userId, dto);
  }
}
