import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ROLES, type Actor } from '../../../../libs/domain/roles.js';
import { downloadContent, downloadHeaders, downloadName } from '../attachments/download-headers.js';
import { Audit } from '../audit/audit.decorator.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { INTERNAL_ROLES } from '../auth/policy.js';
import { idParam } from '../common/ids.js';
import { ApiExamples } from '../common/request-examples.js';
import { CreateExternalReadRequestDto, CreateReadRequestDto, ReadDecisionDto, ReadRequestsQuery } from './dto/read-request.dto.js';
import { ReadRequestPage, ReadRequestView } from './dto/read-request-view.dto.js';
import { LETTER_TYPES, ReadRequestsService } from './read-requests.service.js';

const requestIdPipe = idParam('read request', '查阅申请');

export const READ_REQUEST_EXAMPLES = {
  create: {
    training: {
      summary: 'A training staff member asks to read a publicity summary for 7 days (use an activity id of yours)',
      value: {
        activityId: '00000000-0000-4000-8000-000000000000',
        purpose: '编写本部门年度培训方案,参考同类活动的组织经验',
        content: '活动总结全文',
        days: 7,
      },
    },
  },
  decision: {
    approve: { summary: 'Approve the step waiting for you', value: { decision: 'approve', comment: '同意查阅' } },
    reject: { summary: 'Reject the request', value: { decision: 'reject', comment: '查阅目的不明确' } },
  },
};

/** 档案查阅申请: file, decide, list; each request is the workflow `read-request-<id>`. */
@ApiTags('read-requests')
@ApiBearerAuth()
@Controller('api/read-requests')
export class ReadRequestsController {
  constructor(private readonly requests: ReadRequestsService) {}

  @Post()
  @Roles(...INTERNAL_ROLES)
  @ApiExamples(CreateReadRequestDto, READ_REQUEST_EXAMPLES.create)
  @ApiCreatedResponse({ type: ReadRequestView, description: 'Filed: the request, pending at its first step' })
  @ApiOperation({
    summary:
      'R-13.2.1 file a read request (档案查阅申请表) for a summary you may not read: your department head, then the archivist ' +
      'approve; the grant lasts `days` calendar days (1–30, default 7). 409 when you may read it already or a request is open',
  })
  createInternal(@Body() dto: CreateReadRequestDto, @CurrentActor() actor: Actor): Promise<ReadRequestView> {
    return this.requests.createInternal(actor, dto);
  }

  @Post('external')
  @Roles('admin')
  @UseInterceptors(FileInterceptor('letter'))
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ type: ReadRequestView, description: 'Registered: the request, pending for the secretary-general' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['letter', 'activityId', 'readerUserId', 'organisation', 'purpose', 'content'],
      properties: {
        letter: { type: 'string', format: 'binary', description: 'The official letter (公函): PDF, JPEG, PNG or WebP' },
        activityId: { type: 'string', format: 'uuid' },
        readerUserId: { type: 'string', format: 'uuid', description: 'The outside body’s account (role external)' },
        organisation: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000]*$' },
        purpose: { type: 'string', minLength: 1, maxLength: 500, pattern: '^[^\\u0000]*$' },
        content: { type: 'string', minLength: 1, maxLength: 1000, pattern: '^[^\\u0000]*$' },
        days: { type: 'integer', minimum: 1, maximum: 30, default: 7 },
      },
    },
  })
  @ApiOperation({
    summary:
      'R-13.2.2 register an outside body’s read request with its official letter (multipart `letter` + fields); the ' +
      'secretary-general approves; the grant is view-only (the HTML reader, no download)',
  })
  createExternal(
    @Body() dto: CreateExternalReadRequestDto,
    @CurrentActor() actor: Actor,
    @UploadedFile() letter: Express.Multer.File | undefined,
  ): Promise<ReadRequestView> {
    return this.requests.createExternal(actor, dto, letter);
  }

  @Get()
  @Roles(...ROLES)
  @ApiOkResponse({ type: ReadRequestPage })
  @ApiOperation({
    summary: 'My read requests and those waiting for my decision, newest first: `?scope=mine|waiting&status=&page=&pageSize=`',
  })
  list(@Query() q: ReadRequestsQuery, @CurrentActor() actor: Actor): Promise<ReadRequestPage> {
    return this.requests.list(actor, q);
  }

  @Get(':requestId')
  @Roles(...ROLES)
  @ApiOkResponse({ type: ReadRequestView })
  @ApiOperation({ summary: 'One read request: its steps, decisions, reminders and grant' })
  get(@Param('requestId', requestIdPipe) id: string, @CurrentActor() actor: Actor): Promise<ReadRequestView> {
    return this.requests.get(actor, id);
  }

  @Post(':requestId/decisions')
  @HttpCode(HttpStatus.OK)
  @Roles('dept_head', 'archivist', 'secretary_general')
  @ApiExamples(ReadDecisionDto, READ_REQUEST_EXAMPLES.decision)
  @ApiOkResponse({ type: ReadRequestView, description: 'Decided: the request with its new state (the next step, the grant, or rejected)' })
  @ApiOperation({
    summary:
      'Approve or reject the step waiting for you (the requester’s department head, then the archivist; the secretary-general ' +
      'for outside bodies) → the request with its new state; 403 for anyone else, 409 once the request is closed',
  })
  decide(
    @Param('requestId', requestIdPipe) id: string,
    @Body() dto: ReadDecisionDto,
    @CurrentActor() actor: Actor,
  ): Promise<ReadRequestView> {
    return this.requests.decide(actor, id, dto);
  }

  @Get(':requestId/letter')
  @Roles('admin', 'secretary_general', 'archivist', 'management', 'supervisor')
  @Audit('read_request.letter', 'read_request', 'requestId')
  @ApiOkResponse({ description: 'The letter, as an attachment', content: downloadContent(LETTER_TYPES) })
  @ApiOperation({ summary: 'The official letter (公函) of an external read request, as a download' })
  async letter(
    @Param('requestId', requestIdPipe) id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { bytes, letter } = await this.requests.letter(actor, id);
    res.set(downloadHeaders(letter.contentType, downloadName(letter.originalName, letter.contentType)));
    return new StreamableFile(bytes, { length: bytes.length });
  }
}
