import { Body, Controller, Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../../../libs/domain/roles.js';
import { ActivityLookup, activityIdPipe } from '../activities/activity-lookup.js';
import { contentDisposition } from '../attachments/download-headers.js';
import { Audit } from '../audit/audit.decorator.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { assertCanReadActivity, INTERNAL_ROLES } from '../auth/policy.js';
import { idParam } from '../common/ids.js';
import { ApiExamples, REQUEST_EXAMPLES } from '../common/request-examples.js';
import { DOCX_TYPE } from '../documents/documents.controller.js';
import { CreateSampleDto, SampleReportResponse, SampleSummaryResponse, TimelineResponse } from './dto/supervision.dto.js';
import { SupervisionService } from './supervision.service.js';

const sampleIdPipe = idParam('sample', '抽查记录');
/** R-17 who draws and reads samples: the supervisory board, and management who answers to it. */
const SAMPLERS = ['supervisor', 'management'] as const;

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/activities/:id/timeline')
export class TimelineController {
  constructor(
    private readonly activities: ActivityLookup,
    private readonly supervision: SupervisionService,
  ) {}

  @Get()
  @Roles(...INTERNAL_ROLES)
  @Audit('activity.timeline', 'activity')
  @ApiOkResponse({ type: TimelineResponse })
  @ApiOperation({
    summary:
      'R-17 the evidence timeline rebuilt from the lifecycle’s workflow history (every run, oldest first): accepted messages ' +
      'with who and when, reminders and escalations, reviews with their signature verified; the deadlines side by side',
  })
  async timeline(@Param('id', activityIdPipe) id: string, @CurrentActor() actor: Actor): Promise<TimelineResponse> {
    const activity = await this.activities.findOr404(id);
    assertCanReadActivity(actor, activity.leadDepartment);
    return (await this.supervision.timeline(activity)) as TimelineResponse;
  }
}

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/supervision/samples')
export class SamplesController {
  constructor(private readonly supervision: SupervisionService) {}

  @Post()
  @HttpCode(201)
  @Roles(...SAMPLERS)
  @Audit('supervision.sample.create', 'supervision_sample', undefined, ['from', 'to', 'size', 'seed'])
  @ApiExamples(CreateSampleDto, REQUEST_EXAMPLES.supervisionSample)
  @ApiCreatedResponse({ type: SampleSummaryResponse })
  @ApiOperation({
    summary:
      'R-17 draws a random sample of the activities that ended in the period (Asia/Shanghai days): each ranked by ' +
      'sha256(seed, id), the lowest `size` drawn; the seed is recorded, so the same seed repeats the draw',
  })
  create(@Body() dto: CreateSampleDto, @CurrentActor() actor: Actor): Promise<SampleSummaryResponse> {
    return this.supervision.createSample(dto, actor);
  }

  // Before `:id`, which would otherwise take `<id>.docx`.
  @Get(':id.docx')
  @Roles(...SAMPLERS)
  @Audit('supervision.sample.docx', 'supervision_sample')
  @ApiProduces(DOCX_TYPE)
  @ApiOkResponse({
    description: 'The sample report as a Word document (小四 宋体, 1.5 line spacing), as a download',
    content: { [DOCX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({ summary: 'R-17 the sample report as DOCX: per activity its timeline, deadlines, archive completeness and suggestions' })
  async docx(@Param('id', sampleIdPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { bytes, fileName } = await this.supervision.sampleDocx(id);
    res.set({
      'Content-Type': DOCX_TYPE,
      'Content-Disposition': contentDisposition(fileName),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    });
    return new StreamableFile(bytes, { length: bytes.length });
  }

  @Get(':id')
  @Roles(...SAMPLERS)
  @Audit('supervision.sample.read', 'supervision_sample')
  @ApiOkResponse({ type: SampleReportResponse })
  @ApiOperation({
    summary:
      'R-17 the sample: for each activity drawn its evidence timeline and deadlines, archive completeness (both copies ' +
      'confirmed and the file stored) and the implementation records of its suggestions',
  })
  get(@Param('id', sampleIdPipe) id: string): Promise<SampleReportResponse> {
    return this.supervision.sample(id) as Promise<SampleReportResponse>;
  }
}
