import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { REPORT_READERS } from '../../../../libs/reports/content.js';
import { contentDisposition } from '../attachments/download-headers.js';
import { Audit } from '../audit/audit.decorator.js';
import { Roles } from '../auth/decorators.js';
import { idParam } from '../common/ids.js';
import { ApiExamples } from '../common/request-examples.js';
import { DOCX_TYPE } from '../documents/documents.controller.js';
import { ReportPage, ReportRunDto, ReportRunView, ReportsQuery, ReportView } from './dto/reports.dto.js';
import { ReportsService } from './reports.service.js';

const reportIdPipe = idParam('report', '报表');
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Issue 15 periodic reports: the 流程优化清单, 总结应用评估报告 and the annual
 * report, as the report workflows stored them; DOCX and XLSX rendered from the stored JSON. The
 * `:id` routes take UUIDs only, so fixed paths of other controllers under /api/reports
 * (`department-scores`) are not theirs: register those controllers first (app.module.ts).
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
@Roles(...REPORT_READERS)
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOkResponse({ type: ReportPage })
  @ApiOperation({ summary: 'Stored reports, newest period first, without content: `?kind=&period=&page=&pageSize=`' })
  list(@Query() query: ReportsQuery): Promise<ReportPage> {
    return this.reports.list(query);
  }

  @Post('runs')
  @ApiExamples(ReportRunDto, {
    quarter: { summary: 'Re-run the 流程优化清单 of 2026 Q3', value: { kind: 'process-optimization', period: '2026-Q3' } },
    year: { summary: 'Re-run the annual report of 2025', value: { kind: 'annual', period: '2025' } },
  })
  @Roles('admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @Audit('report.run', 'report', undefined, ['kind', 'period'])
  @ApiResponse({ status: HttpStatus.ACCEPTED, type: ReportRunView, description: 'The run is started (or under way already)' })
  @ApiOperation({
    summary:
      'Backfill: re-run the report of a period that has ended (workflow `report-<kind>-<period>`; the stored row is rewritten, ' +
      'its id kept, nobody messaged twice). 400 when the period is not one of the kind, 409 REPORT_PERIOD_NOT_ENDED before its end',
  })
  run(@Body() dto: ReportRunDto): Promise<ReportRunView> {
    return this.reports.run(dto.kind, dto.period);
  }

  @Get(':id.docx')
  @Audit('report.docx', 'report')
  @ApiProduces(DOCX_TYPE)
  @ApiOkResponse({
    description: 'The report as a Word document (宋体 小四, headed sections and tables)',
    content: { [DOCX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({ summary: 'The report as DOCX, rendered from the stored content' })
  async docx(@Param('id', reportIdPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.download(res, await this.reports.docx(id), DOCX_TYPE);
  }

  @Get(':id.xlsx')
  @Audit('report.xlsx', 'report')
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({
    description: 'The report as an Excel workbook: 概要 and one sheet per table',
    content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({ summary: 'The report as XLSX, rendered from the stored content' })
  async xlsx(@Param('id', reportIdPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.download(res, await this.reports.xlsx(id), XLSX_TYPE);
  }

  @Get(':id')
  @Audit('report.read', 'report')
  @ApiOkResponse({ type: ReportView })
  @ApiOperation({ summary: 'One stored report with its content' })
  get(@Param('id', reportIdPipe) id: string): Promise<ReportView> {
    return this.reports.get(id);
  }

  private download(res: Response, file: { bytes: Buffer; fileName: string }, type: string): StreamableFile {
    res.set({
      'Content-Type': type,
      'Content-Disposition': contentDisposition(file.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    });
    return new StreamableFile(file.bytes, { length: file.bytes.length });
  }
}
