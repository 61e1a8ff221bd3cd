import { Module } from '@nestjs/common';
import { ActivitiesController } from './activities.controller.js';
import { ActivitiesService } from './activities.service.js';
import { ActivityLookup } from './activity-lookup.js';
import { LifecycleClient } from './lifecycle.client.js';
import { LifecycleMessagesController } from './lifecycle-messages.controller.js';

@Module({
  controllers: [ActivitiesController, LifecycleMessagesController],
  providers: [ActivitiesService, LifecycleClient, ActivityLookup],
  exports: [LifecycleClient, ActivityLookup],
})
export class ActivitiesModule {}
