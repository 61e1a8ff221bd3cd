import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module.js';
import { ActivityPublicationsController, PublicationsController } from './publications.controller.js';
import { PublicationsService } from './publications.service.js';

/** desensitized publications: the member digest and the public short version. */
@Module({
  imports: [ActivitiesModule],
  controllers: [ActivityPublicationsController, PublicationsController],
  providers: [PublicationsService],
})
export class PublicationsModule {}
