import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module.js';
import { SummariesController } from './summaries.controller.js';
import { SummariesService } from './summaries.service.js';

@Module({
  imports: [ActivitiesModule],
  controllers: [SummariesController],
  providers: [SummariesService],
})
export class SummariesModule {}
