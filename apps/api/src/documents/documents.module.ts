import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module.js';
import { SignaturesModule } from '../signatures/signatures.module.js';
import { ReadsModule } from '../reads/reads.module.js';
import { SummariesModule } from '../summaries/summaries.module.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsService } from './documents.service.js';

@Module({
  imports: [ActivitiesModule, SummariesModule, SignaturesModule, ReadsModule],
  exports: [DocumentsService],
  controllers: [DocumentsController],
  providers: [DocumentsService],
})
export class DocumentsModule {}
