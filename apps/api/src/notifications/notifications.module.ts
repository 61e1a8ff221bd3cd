import { Module } from '@nestjs/common';
import { EscalationsController } from './escalations.controller.js';
import { EscalationsService } from './escalations.service.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';

/** Read side of notifications: the inbox, channel choices and escalation oversight. The worker writes. */
@Module({
  controllers: [NotificationsController, EscalationsController],
  providers: [NotificationsService, EscalationsService],
})
export class NotificationsModule {}
