import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { senderRoles } from '../../../../libs/domain/lifecycle-machine.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import type { SummaryDocument } from '../../../../libs/summary/index.js';
import { Audit } from '../audit/audit.decorator.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { INTERNAL_ROLES, assertCanActForDepartment } from '../auth/policy.js';
import { ReadAccessService } from '../reads/read-access.service.js';
import { SubmitSummaryDto } from './dto/summary.dto.js';
import { SummaryCheckResponse } from './dto/summary-check.dto.js';
import { SummarySubmission, SummaryVersionList, SummaryVersionView } from './dto/summary-version-view.dto.js';
import { VerifiedSignatureList } from '../signatures/dto/signature-view.dto.js';
import { SignaturesService } from '../signatures/signatures.service.js';
import { SummariesService } from './summaries.service.js';
import { ApiExamples, REQUEST_EXAMPLES } from '../common/request-examples.js';
import { ActivityLookup, activityIdPipe } from '../activities/activity-lookup.js';
import { idParam } from '../common/ids.js';
import { redactVersion } from './redacted-view.js';

const versionIdPipe = idParam('summary version', '总结版本');

@ApiTags('summaries')
@ApiBearerAuth()
@Controller('api/activities/:id/summaries')
export class SummariesController {
  constructor(
    private readonly activities: ActivityLookup,
    private readonly summaries: SummariesService,
    private readonly signatures: SignaturesService,
    private readonly reads: ReadAccessService,
  ) {}

  @Post()
  @ApiExamples(SubmitSummaryDto, REQUEST_EXAMPLES.summary)
  @Roles(...senderRoles('submitDraft'))
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOperation({
    summary:
      'R-7.2 / R-10.1 submit the summary (draft or revision): a new immutable version, checked (R-9, R-6); 422 ' +
      'with the findings when a blocking check fails; an accepted submission is signed by its compiler (R-6.4)',
  })
  @ApiCreatedResponse({ type: SummarySubmission })
  async submit(
    @Param('id', activityIdPipe) id: string,
    @Body() dto: SubmitSummaryDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
  ): Promise<SummarySubmission> {
    const activity = await this.activities.findOr404(id);
    assertCanActForDepartment(actor, activity.leadDepartment);
    return this.summaries.submit(activity, dto.document as SummaryDocument, actor, key);
  }

  @Post('check')
  @ApiExamples(SubmitSummaryDto, REQUEST_EXAMPLES.summary)
  @HttpCode(HttpStatus.OK)
  @Roles(...senderRoles('submitDraft'))
  @ApiOperation({
    summary:
      'Dry run of a submission: the same validation (400) and automatic checks (R-9.1 – R-9.5, R-6) as ' +
      '`POST …/summaries`, answered as findings; stores, submits and signs nothing, in any stage',
  })
  @ApiOkResponse({ type: SummaryCheckResponse })
  async check(
    @Param('id', activityIdPipe) id: string,
    @Body() dto: SubmitSummaryDto,
    @CurrentActor() actor: Actor,
  ): Promise<SummaryCheckResponse> {
    const activity = await this.activities.findOr404(id);
    assertCanActForDepartment(actor, activity.leadDepartment);
    const findings = await this.summaries.check(activity, dto.document as SummaryDocument);
    const blocking = findings.filter((f) => f.severity === 'blocking').length;
    return { findings, blocking, warnings: findings.length - blocking };
  }

  @Get()
  @Roles(...INTERNAL_ROLES)
  @Audit('summary.list', 'activity')
  @ApiOperation({
    summary:
      'Every version of the summary, oldest first, with its findings and metrics (R-13.2: its readers, or a live read grant; ' +
      'else 403 READ_NOT_GRANTED; audited)',
  })
  @ApiOkResponse({ type: SummaryVersionList })
  async list(@Param('id', activityIdPipe) id: string, @CurrentActor() actor: Actor): Promise<SummaryVersionList> {
    const activity = await this.activities.findOr404(id);
    await this.reads.assertCanRead(actor, activity);
    return { items: (await this.summaries.list(id)).map((v) => redactVersion(v, actor.role)) };
  }

  @Get(':versionId')
  @Roles(...INTERNAL_ROLES)
  // Every read of a summary's content is audited (SPEC §5: every read of archived content).
  @Audit('summary.read', 'summary_version', 'versionId')
  @ApiOperation({
    summary:
      'One version with its document (R-13.2: its readers, or a live read grant; else 403 READ_NOT_GRANTED; the read is audited); ' +
      'confidential fields and personal data are 【已隐去】 for every reader but management (R-13.2.3)',
  })
  @ApiOkResponse({ type: SummaryVersionView })
  async get(
    @Param('id', activityIdPipe) id: string,
    @Param('versionId', versionIdPipe) versionId: string,
    @CurrentActor() actor: Actor,
  ): Promise<SummaryVersionView> {
    const activity = await this.activities.findOr404(id);
    await this.reads.assertCanRead(actor, activity);
    return redactVersion(await this.summaries.get(id, versionId), actor.role);
  }

  @Get(':versionId/signatures')
  @Roles(...INTERNAL_ROLES)
  @Audit('summary.signatures.read', 'summary_version', 'versionId')
  @ApiOperation({
    summary: 'R-6.4 the signatures of one version (compiler, reviewers), each verified against the key and the stored document',
  })
  @ApiOkResponse({ type: VerifiedSignatureList })
  async signaturesOf(
    @Param('id', activityIdPipe) id: string,
    @Param('versionId', versionIdPipe) versionId: string,
    @CurrentActor() actor: Actor,
  ): Promise<VerifiedSignatureList> {
    const activity = await this.activities.findOr404(id);
    await this.reads.assertCanRead(actor, activity);
    await this.summaries.get(id, versionId); // 404 for a version of another activity
    return { items: await this.signatures.forVersion(versionId) };
  }
}
