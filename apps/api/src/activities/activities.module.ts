import { Module } from '@nestjs/common';
import { ActivitiesController } from './activities.controller.js';
import { ActivitiesService } from './activities.service.js';
import { ActivityLookup } from './activity-lookup.js';
import { LifecycleClient } from './lifecycle.client.js';
import { LifecycleMessagesController } from './lifecycle-messages.controller.js';
import { TodoController } from './todo.controller.js';
import { TodoService } from './todo.service.js';

@Module({
  // TodoController first: its /api/activities/todo must be routed before ActivitiesController's /:id.
  controllers: [TodoController, ActivitiesController, LifecycleMessagesController],
  providers: [ActivitiesService, LifecycleClient, ActivityLookup, TodoService],
  exports: [LifecycleClient, ActivityLookup],
})
export class ActivitiesModule {}
