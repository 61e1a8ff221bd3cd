import { Body, Controller, Get, Param, Post, Res, StreamableFile, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../../../libs/domain/roles.js';
import { ATTACHMENT_KINDS } from '../../../../libs/summary/document.js';
import { Audit } from '../audit/audit.decorator.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { INTERNAL_ROLES, assertCanActForDepartment } from '../auth/policy.js';
import { ReadAccessService } from '../reads/read-access.service.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { AttachmentStore } from './attachment-store.js';
import { AttachmentsService } from './attachments.service.js';
import { neutraliseCsv } from './csv-neutralise.js';
import { downloadContent, downloadHeaders, downloadName } from './download-headers.js';
import { AttachmentList, AttachmentView } from './dto/attachment-view.dto.js';
import { UploadAttachmentDto } from './dto/upload-attachment.dto.js';
import { CONTENT_TYPES } from './sniff.js';
import { UploadAccessGuard } from './upload-access.guard.js';
import { UploadLimitInterceptor } from './upload-limit.interceptor.js';
import { ActivityLookup, activityIdPipe } from '../activities/activity-lookup.js';
import { idParam } from '../common/ids.js';

const attachmentIdPipe = idParam('attachment', '附件');

/** Attachments of an activity's summary (SPEC §4, art. 6.3): photos, data tables, screenshots, questionnaire reports. */
@ApiTags('attachments')
@ApiBearerAuth()
@Controller('api/activities/:id/attachments')
export class AttachmentsController {
  constructor(
    private readonly activities: ActivityLookup,
    private readonly attachments: AttachmentsService,
    private readonly store: AttachmentStore,
    private readonly reads: ReadAccessService,
  ) {}

  @Post()
  @Roles('staff', 'dept_head')
  // Activity, department and the per-activity limit are checked before multer reads the body.
  @UseGuards(UploadAccessGuard)
  @UseInterceptors(UploadLimitInterceptor, FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description:
            'JPEG/PNG/WebP/GIF photo or screenshot, XLSX/CSV data table, PDF/DOCX/XLSX questionnaire report ' +
            '(no macros or embedded OLE objects)',
        },
        kind: { type: 'string', enum: [...ATTACHMENT_KINDS], example: 'photo' },
      },
    },
  })
  @ApiOperation({
    summary:
      'Upload one file (multipart `file` + `kind`); its type is sniffed from the bytes and names the download’s extension; ' +
      '413 above ATTACHMENTS_MAX_BYTES or ATTACHMENTS_MAX_PER_ACTIVITY',
  })
  @ApiCreatedResponse({ type: AttachmentView })
  async upload(
    @Param('id', activityIdPipe) id: string,
    @Body() dto: UploadAttachmentDto,
    @CurrentActor() actor: Actor,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<AttachmentView> {
    // UploadAccessGuard has checked this before the body was read; checked again here all the same.
    const activity = await this.activities.findOr404(id);
    assertCanActForDepartment(actor, activity.leadDepartment);
    if (!file) {
      throw new ApiError(ErrorCode.VALIDATION_FAILED, 'The multipart field "file" is required', '缺少上传文件(multipart 字段 file)', [
        { field: 'file', code: 'isDefined', message: 'file is required', messageZh: 'file 为必填项' },
      ]);
    }
    return this.attachments.upload(id, dto.kind, file, actor);
  }

  @Get()
  @Roles(...INTERNAL_ROLES)
  @Audit('attachment.list', 'activity')
  @ApiOperation({ summary: 'The activity’s attachments, oldest first (R-13.2: readers of its summary, or a live read grant)' })
  @ApiOkResponse({ type: AttachmentList })
  async list(@Param('id', activityIdPipe) id: string, @CurrentActor() actor: Actor): Promise<AttachmentList> {
    const activity = await this.activities.findOr404(id);
    await this.reads.assertCanRead(actor, activity);
    return { items: await this.attachments.list(id) };
  }

  @Get(':attachmentId')
  @Roles(...INTERNAL_ROLES)
  @Audit('attachment.download', 'attachment', 'attachmentId')
  @ApiOkResponse({ description: 'The file, as an attachment', content: downloadContent(Object.values(CONTENT_TYPES)) })
  @ApiOperation({
    summary:
      'The bytes, as a download with the sniffed content type and its extension (never rendered inline); ' +
      "CSV cells that would be formulas get a leading '",
  })
  async download(
    @Param('id', activityIdPipe) id: string,
    @Param('attachmentId', attachmentIdPipe) attachmentId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const activity = await this.activities.findOr404(id);
    // A view-only grant (an outside body's) reads in the HTML reader only: no download.
    await this.reads.assertCanDownload(actor, activity);
    const row = await this.attachments.find(id, attachmentId);
    const missing = () =>
      new ApiError(ErrorCode.NOT_FOUND, `The file of attachment ${attachmentId} is missing`, `附件 ${attachmentId} 的文件已丢失`);
    const headers = downloadHeaders(row.contentType, downloadName(row.originalName, row.contentType));
    if (row.contentType === CONTENT_TYPES.csv) {
      // Stored as uploaded (the sha256 is of those bytes); served with formula cells made text.
      const bytes = await this.store.read(row.storageKey);
      if (!bytes) throw missing();
      const served = neutraliseCsv(bytes);
      res.set(headers);
      return new StreamableFile(served, { length: served.length });
    }
    const stream = await this.store.open(row.storageKey);
    if (!stream) throw missing();
    res.set(headers);
    return new StreamableFile(stream, { length: row.size });
  }
}
