import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditService } from './audit.service.js';
import { DeniedRequestsFilter } from './denied-requests.filter.js';

/**
 * Global: any controller may inject AuditService to record reads of archived content. The
 * DeniedRequestsFilter records every 401 and 403 (createApp installs it around the error filter).
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditInterceptor, DeniedRequestsFilter],
  exports: [AuditService, AuditInterceptor, DeniedRequestsFilter],
})
export class AuditModule {}
