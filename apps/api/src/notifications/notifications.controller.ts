import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/roles.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { INTERNAL_ROLES } from '../auth/policy.js';
import { InboxQuery, PreferencesDto } from './notifications.dto.js';
import { InboxItem, InboxPage, NotificationPreferences, UnreadCount } from './notification-views.dto.js';
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
  @ApiOkResponse({ type: InboxPage })
  list(@Query() query: InboxQuery, @CurrentActor() actor: Actor): Promise<InboxPage> {
    return this.notifications.list(actor.userId, query);
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'Number of unread messages in the own inbox: `{ unread }`' })
  @ApiOkResponse({ type: UnreadCount })
  async unreadCount(@CurrentActor() actor: Actor): Promise<UnreadCount> {
    return { unread: await this.notifications.unreadCount(actor.userId) };
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark one own message read (repeat-safe); 404 for anyone else’s' })
  @ApiOkResponse({ type: InboxItem })
  markRead(@Param('id', idPipe) id: string, @CurrentActor() actor: Actor): Promise<InboxItem> {
    return this.notifications.markRead(actor.userId, id);
  }

  @Get('preferences')
  @ApiOperation({ summary: 'Own e-mail address and whether messages also go by e-mail' })
  @ApiOkResponse({ type: NotificationPreferences })
  preferences(@CurrentActor() actor: Actor): Promise<NotificationPreferences> {
    return this.notifications.preferences(actor.userId);
  }

  @Put('preferences')
  @ApiExamples(PreferencesDto, REQUEST_EXAMPLES.preferences)
  @ApiOperation({ summary: 'Replace own `{ email, wantsEmail }`; the inbox is always on' })
  @ApiOkResponse({ type: NotificationPreferences })
  setPreferences(@Body() dto: PreferencesDto, @CurrentActor() actor: Actor): Promise<NotificationPreferences> {
    return this.notifications.setPreferences(actor.userId, dto);
  }
}
