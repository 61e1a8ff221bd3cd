import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators.js';
import { AuditPage, AuditQuery } from './audit.dto.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  // The administration answers for the records, management and the supervisory board oversee them.
  @Roles('admin', 'management', 'supervisor')
  @ApiOperation({
    summary: 'The audit log, newest first: who did what, when and from where (`?actorUserId=&action=&targetType=&targetId=&from=&to=`)',
  })
  // The entity as stored, its `at` a Date that JSON turns into the ISO instant AuditEntryView describes.
  @ApiOkResponse({ type: AuditPage })
  list(@Query() q: AuditQuery) {
    return this.audit.list(q);
  }
}
