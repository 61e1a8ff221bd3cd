import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module.js';
import { SignaturesModule } from '../signatures/signatures.module.js';
import { ReviewsController } from './reviews.controller.js';
import { ReviewsService } from './reviews.service.js';

@Module({
  imports: [ActivitiesModule, SignaturesModule],
  controllers: [ReviewsController],
  providers: [ReviewsService],
})
export class ReviewsModule {}
