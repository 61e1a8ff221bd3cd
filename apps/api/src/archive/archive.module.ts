import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module.js';
import { ArchiveListController } from './archive-list.controller.js';
import { ArchiveListService } from './archive-list.service.js';
import { ArchiveController } from './archive.controller.js';
import { ArchiveService } from './archive.service.js';

@Module({
  imports: [ActivitiesModule],
  controllers: [ArchiveController, ArchiveListController],
  providers: [ArchiveService, ArchiveListService],
})
export class ArchiveModule {}
