import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../../../libs/domain/roles.js';
import { ActivityLookup, activityIdPipe } from '../activities/activity-lookup.js';
import { contentDisposition } from '../attachments/download-headers.js';
import { Audit } from '../audit/audit.decorator.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { ROLES, type Role } from '../../../../libs/domain/roles.js';
import { INTERNAL_ROLES } from '../auth/policy.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { ReadAccessService, type ReadAccess } from '../reads/read-access.service.js';
import { SummariesService } from '../summaries/summaries.service.js';
import { idParam } from '../common/ids.js';
import { DocumentsService } from './documents.service.js';

const versionIdPipe = idParam('summary version', '总结版本');

/** Internal readers, and external bodies with a view-only grant: the HTML reader only. */
const READERS: readonly Role[] = ROLES;

const HTML_RESPONSE = {
  description: "One self-contained HTML page, no script (served with `default-src 'none'`), printable",
  content: { 'text/html': { schema: { type: 'string' } } },
};

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * The page needs nothing but its own inline style sheet: no script, image, font or request of any
 * kind. The web app may frame it (same origin) for its reader.
 */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/**
 * R-6 a summary version as the unified document, DOCX to print, stamp and bind, or HTML for the
 * reader; redacted by the reader's role. Authorised like `GET …/summaries/:versionId`;
 * every read is audited.
 */
@ApiTags('summaries')
@ApiBearerAuth()
@Controller('api/activities/:id')
export class DocumentsController {
  constructor(
    private readonly activities: ActivityLookup,
    private readonly documents: DocumentsService,
    private readonly reads: ReadAccessService,
    private readonly summaries: SummariesService,
  ) {}

  @Get('summaries/:versionId/document.docx')
  @Roles(...INTERNAL_ROLES)
  @Audit('summary.document.docx', 'summary_version', 'versionId')
  @ApiProduces(DOCX_TYPE)
  @ApiOkResponse({
    description: 'The DOCX, as a download named after the title and version (RFC 5987 UTF-8 filename*)',
    content: { [DOCX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({
    summary:
      'R-6 the version as a Word document in the unified template: title, the five modules as chapters, 小四 宋体 with ' +
      '1.5 line spacing, attachments photos → data → media, the signature block; confidential parts and personal data ' +
      'redacted (【已隐去】) for every reader but management (R-13.2.3); the read is audited',
  })
  async docx(
    @Param('id', activityIdPipe) id: string,
    @Param('versionId', versionIdPipe) versionId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const activity = await this.activities.findOr404(id);
    // A view-only grant reads in the HTML reader only: no download.
    await this.reads.assertCanDownload(actor, activity);
    const { bytes, fileName } = await this.documents.docx(activity, versionId, actor.role);
    res.set({
      'Content-Type': DOCX_TYPE,
      'Content-Disposition': contentDisposition(fileName),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    });
    return new StreamableFile(bytes, { length: bytes.length });
  }

  @Get('summaries/:versionId/document.html')
  @Roles(...READERS)
  @Audit('summary.document.html', 'summary_version', 'versionId')
  @ApiProduces('text/html')
  @ApiOkResponse(HTML_RESPONSE)
  @ApiOperation({
    summary:
      'R-6 the same document as HTML for the web app reader; redacted like the DOCX; the read is audited. ' +
      'A view-only reader (external body, R-13.2.2) gets every page watermarked with their name, organisation and the time',
  })
  async html(
    @Param('id', activityIdPipe) id: string,
    @Param('versionId', versionIdPipe) versionId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const activity = await this.activities.findOr404(id);
    const access = await this.reads.assertCanRead(actor, activity);
    return this.page(res, activity, versionId, actor, access);
  }

  @Get('document.html')
  @Roles(...READERS)
  @Audit('summary.document.html', 'activity')
  @ApiProduces('text/html')
  @ApiOkResponse(HTML_RESPONSE)
  @ApiOperation({
    summary:
      'The latest version (the final one once reviewed) as the HTML reader: what a view-only reader (R-13.2.2) opens from ' +
      'their grant; 404 before any version exists; otherwise like …/summaries/:versionId/document.html',
  })
  async latestHtml(
    @Param('id', activityIdPipe) id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const activity = await this.activities.findOr404(id);
    const access = await this.reads.assertCanRead(actor, activity);
    const latest = (await this.summaries.list(id)).at(-1);
    if (!latest) throw new ApiError(ErrorCode.NOT_FOUND, 'No summary version yet', '尚无总结版本');
    return this.page(res, activity, latest.id, actor, access);
  }

  private async page(
    res: Response,
    activity: Awaited<ReturnType<ActivityLookup['findOr404']>>,
    versionId: string,
    actor: Actor,
    access: ReadAccess,
  ): Promise<string> {
    // Every page of a view-only grant carries who reads, for whom and when.
    const watermark = access.grant?.viewOnly
      ? { reader: actor.displayName ?? actor.userId, organisation: actor.department ?? '外部单位' }
      : undefined;
    const page = await this.documents.html(activity, versionId, actor.role, watermark);
    res.set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': HTML_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    });
    return page;
  }
}
