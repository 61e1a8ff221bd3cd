import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module.js';
import { ReadsModule } from '../reads/reads.module.js';
import { SignaturesModule } from '../signatures/signatures.module.js';
import { SummariesController } from './summaries.controller.js';
import { SummariesService } from './summaries.service.js';

@Module({
  imports: [ActivitiesModule, SignaturesModule, ReadsModule],
  exports: [SummariesService],
  controllers: [SummariesController],
  providers: [SummariesService],
})
export class SummariesModule {}
