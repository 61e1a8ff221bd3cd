import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module.js';
import { SignaturesModule } from '../signatures/signatures.module.js';
import { SamplesController, TimelineController } from './supervision.controller.js';
import { SupervisionService } from './supervision.service.js';

/** R-17 supervision: evidence timelines from workflow history, random samples, their DOCX export. */
@Module({
  imports: [ActivitiesModule, SignaturesModule],
  controllers: [TimelineController, SamplesController],
  providers: [SupervisionService],
})
export class SupervisionModule {}
