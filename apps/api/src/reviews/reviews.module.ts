import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module.js';
import { ReadsModule } from '../reads/reads.module.js';
import { SignaturesModule } from '../signatures/signatures.module.js';
import { ReviewsController } from './reviews.controller.js';
import { ReviewsService } from './reviews.service.js';
import { SpecialMeetingController } from './special-meeting.controller.js';

@Module({
  imports: [ActivitiesModule, SignaturesModule, ReadsModule],
  controllers: [ReviewsController, SpecialMeetingController],
  providers: [ReviewsService],
})
export class ReviewsModule {}
