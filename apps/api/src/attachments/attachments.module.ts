import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { AppConfig } from '../../../../libs/config/config.js';
import { ActivitiesModule } from '../activities/activities.module.js';
import { ReadsModule } from '../reads/reads.module.js';
import { APP_CONFIG } from '../tokens.js';
import { AttachmentStore } from './attachment-store.js';
import { AttachmentsController } from './attachments.controller.js';
import { AttachmentsService } from './attachments.service.js';
import { UploadAccessGuard } from './upload-access.guard.js';
import { UploadLimitInterceptor } from './upload-limit.interceptor.js';

@Module({
  imports: [
    ActivitiesModule,
    ReadsModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // In memory until checked: the department (UploadAccessGuard, before multer reads a byte)
        // and then the bytes are checked before anything touches the disk. The size limit bounds
        // the memory (multer stops at it: 413).
        storage: memoryStorage(),
        limits: { fileSize: config.attachments.maxBytes, files: 1, fields: 4, fieldSize: 1024 },
        // Browsers send UTF-8 file names without saying so; Chinese names would arrive garbled.
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [AttachmentsController],
  providers: [AttachmentsService, AttachmentStore, UploadAccessGuard, UploadLimitInterceptor],
})
export class AttachmentsModule {}
