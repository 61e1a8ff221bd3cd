import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { AppConfig } from '../../../../libs/config/config.js';
import { ActivitiesModule } from '../activities/activities.module.js';
import { AttachmentStore } from '../attachments/attachment-store.js';
import { APP_CONFIG } from '../tokens.js';
import { ReadAccessService } from './read-access.service.js';
import { ReadRequestClient } from './read-request.client.js';
import { ReadRequestsController } from './read-requests.controller.js';
import { ReadRequestsService } from './read-requests.service.js';

/**
 * controlled reads: read requests (their workflows), grants, and `ReadAccessService`, the
 * one check every endpoint returning summary content makes (exported for the other modules).
 */
@Module({
  imports: [
    ActivitiesModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.attachments.maxBytes, files: 1, fields: 8, fieldSize: 2048 },
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [ReadRequestsController],
  providers: [ReadAccessService, ReadRequestClient, ReadRequestsService, AttachmentStore],
  exports: [ReadAccessService],
})
export class ReadsModule {}
