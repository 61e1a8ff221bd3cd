import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../audit/audit.decorator.js';
import { Roles } from '../auth/decorators.js';
import { ArchiveListService } from './archive-list.service.js';
import { ArchiveListPage, ArchiveListQuery } from './dto/archive-list.dto.js';

/** 档案: every archived summary's names and confirmed copies, for those who keep or oversee the archive. */
@ApiTags('archive')
@ApiBearerAuth()
@Controller('api/archive')
export class ArchiveListController {
  constructor(private readonly archive: ArchiveListService) {}

  @Get()
  @Roles('archivist', 'management', 'admin', 'supervisor')
  @Audit('archive.list')
  @ApiOkResponse({ type: ArchiveListPage })
  @ApiOperation({
    summary:
      'R-12 the archive records by year (the activity’s end, Asia/Shanghai) and type, newest first: folder, electronic name, ' +
      'paper label, whether the final DOCX is stored, and the confirmed copies',
  })
  list(@Query() q: ArchiveListQuery): Promise<ArchiveListPage> {
    return this.archive.list(q);
  }
}
