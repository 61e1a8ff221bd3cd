import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { senderRoles } from '../../../../libs/domain/lifecycle-machine.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import type { Response } from 'express';
import { confirmArchiveUpdate } from '../../../../workflows/definitions.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { assertCanReadActivity, INTERNAL_ROLES } from '../auth/policy.js';
import { Audit } from '../audit/audit.decorator.js';
import { ActivityLookup, activityIdPipe } from '../activities/activity-lookup.js';
import { LifecycleClient } from '../activities/lifecycle.client.js';
import { envelope } from '../activities/lifecycle-messages.controller.js';
import { LifecycleAnswer } from '../activities/dto/lifecycle-answer.dto.js';
import { ApiExamples, REQUEST_EXAMPLES } from '../common/request-examples.js';
import { ArchiveService } from './archive.service.js';
import { ArchiveView, ConfirmArchiveDto, TombstoneView } from './dto/archive.dto.js';
import { labelPage } from './label-page.js';

/** the archive copy's names, its confirmations, the paper label, and what a destruction left. */
@ApiTags('archive')
@ApiBearerAuth()
@Controller('api/activities/:id/archive')
export class ArchiveController {
  constructor(
    private readonly activities: ActivityLookup,
    private readonly lifecycle: LifecycleClient,
    private readonly archive: ArchiveService,
  ) {}

  @Get()
  @Roles(...INTERNAL_ROLES)
  @Audit('archive.read', 'activity')
  @ApiOkResponse({ type: ArchiveView })
  @ApiOperation({
    summary:
      'R-12 the generated names (electronic copy, folder, paper label), whether the final DOCX is stored, and the confirmed copies; ' +
      '409 ARCHIVE_NOT_READY before the final version is formed or after a destruction',
  })
  async get(@Param('id', activityIdPipe) id: string, @CurrentActor() actor: Actor): Promise<ArchiveView> {
    const activity = await this.activities.findOr404(id);
    assertCanReadActivity(actor, activity.leadDepartment);
    return this.archive.view(activity);
  }

  @Post()
  @ApiExamples(ConfirmArchiveDto, REQUEST_EXAMPLES.archive)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat-safe key: the same key has no second effect' })
  @HttpCode(HttpStatus.OK)
  @Roles(...senderRoles('confirmArchive'))
  @ApiOkResponse({ type: LifecycleAnswer })
  @ApiOperation({
    summary:
      'R-12 confirm the paper or electronic archive copy: the electronic location must be the generated one (422), ' +
      'the paper copy stamped, bound and with its attachments (422)',
  })
  async confirm(
    @Param('id', activityIdPipe) id: string,
    @Body() dto: ConfirmArchiveDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
  ): Promise<LifecycleAnswer> {
    const activity = await this.activities.findOr404(id);
    const message = { ...envelope(actor, key), medium: dto.medium, location: dto.location.trim() };
    // Who and when first (403/409, as for every lifecycle message), then what R-12 asks of the copy.
    const state = await this.lifecycle.stateForPrecheck(activity.workflowId);
    if (state) this.lifecycle.assertAllowed(state, activity, { name: 'confirmArchive', body: message });
    await this.archive.checkConfirmation(activity, state?.stage ?? activity.stage, dto, actor, message.requestId);
    const lifecycle = await this.lifecycle.send(activity.workflowId, confirmArchiveUpdate, message);
    return { activityId: activity.id, lifecycle };
  }

  @Get('label.html')
  @Roles(...INTERNAL_ROLES)
  @Audit('archive.label', 'activity')
  @ApiProduces('text/html')
  @ApiOkResponse({
    description: 'The printable paper label (HTML with print CSS)',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @ApiOperation({ summary: 'R-12.2 the paper file’s label as a printable page' })
  async label(
    @Param('id', activityIdPipe) id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const activity = await this.activities.findOr404(id);
    assertCanReadActivity(actor, activity.leadDepartment);
    const state = await this.archive.state(activity);
    const record = await this.archive.namesOr409(activity, state.stage);
    // Set here, not by decorator: a refusal above must stay the JSON error shape.
    res.set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'private, no-store' });
    return labelPage({
      paperLabel: record.paperLabel,
      electronicName: record.electronicName,
      folder: record.folder,
      activityName: activity.name,
      type: activity.type,
      endAt: activity.endAt,
      leadDepartment: activity.leadDepartment,
    });
  }

  @Get('tombstone')
  @Roles(...INTERNAL_ROLES)
  @Audit('archive.tombstone.read', 'activity')
  @ApiOkResponse({ type: TombstoneView })
  @ApiOperation({ summary: 'R-13.1 what remains after a destruction: what was destroyed, who decided, when, the content hash, signed' })
  async tombstone(@Param('id', activityIdPipe) id: string, @CurrentActor() actor: Actor): Promise<TombstoneView> {
    const activity = await this.activities.findOr404(id);
    assertCanReadActivity(actor, activity.leadDepartment);
    return this.archive.tombstone(id);
  }
}
