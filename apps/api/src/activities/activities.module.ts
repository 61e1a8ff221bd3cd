import { Module } from '@nestjs/common';
import { ActivitiesController } from './activities.controller.js';
import { ActivitiesService } from './activities.service.js';
import { LifecycleClient } from './lifecycle.client.js';

@Module({
  controllers: [ActivitiesController],
  providers: [ActivitiesService, LifecycleClient],
})
export class ActivitiesModule {}
