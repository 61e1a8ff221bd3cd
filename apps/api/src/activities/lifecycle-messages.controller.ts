import { randomUUID } from 'node:crypto';
import { Body, Controller, Headers, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LifecycleState, MessageBase } from '../../../../libs/domain/lifecycle.js';
import { senderRoles } from '../../../../libs/domain/lifecycle-machine.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import { decideDisposalUpdate, setPermanentUpdate, submitBaseDataUpdate, submitFeedbackUpdate } from '../../../../workflows/definitions.js';
import type { UpdateDefinition } from '@temporalio/common';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { assertCanActForDepartment } from '../auth/policy.js';
import type { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import { DecideDisposalDto, SetPermanentDto, SubmitBaseDataDto, SubmitFeedbackDto } from './dto/lifecycle-messages.dto.js';
import { Audit } from '../audit/audit.decorator.js';
import { LifecycleAnswer } from './dto/lifecycle-answer.dto.js';
import { LifecycleClient } from './lifecycle.client.js';
import { ApiExamples, REQUEST_EXAMPLES } from '../common/request-examples.js';
import { ActivityLookup, activityIdPipe } from './activity-lookup.js';
import { assertIdempotencyKey } from '../common/input.js';

/**
 * The lifecycle's messages over HTTP (SPEC §3; reviews and the special meeting, which sign the
 * version, live in ../reviews; the archive confirmation, checked against the generated names,
 * in ../archive). Thin: the route guard admits the roles the machine lets send the message
 * (`senderRoles`), the controller checks the department (the workflow checks again against its
 * own state), then sends it as an update and answers with the new state.
 * `Idempotency-Key` becomes the message's request id, so a retried request has no second effect.
 */
@ApiTags('lifecycle')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat-safe key: the same key has no second effect' })
@Controller('api/activities/:id')
export class LifecycleMessagesController {
  constructor(
    private readonly activities: ActivityLookup,
    private readonly lifecycle: LifecycleClient,
  ) {}

  @Post('base-data')
  @ApiExamples(SubmitBaseDataDto, REQUEST_EXAMPLES.baseData)
  @HttpCode(HttpStatus.OK)
  @Roles(...senderRoles('submitBaseData'))
  @ApiOkResponse({ type: LifecycleAnswer })
  @ApiOperation({ summary: 'R-7.1 record base data (participants, expense settlement)' })
  async baseData(
    @Param('id', activityIdPipe) id: string,
    @Body() dto: SubmitBaseDataDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
  ): Promise<LifecycleAnswer> {
    const activity = await this.activities.findOr404(id);
    assertCanActForDepartment(actor, activity.leadDepartment);
    return this.send(activity, submitBaseDataUpdate, {
      ...envelope(actor, key),
      participants: dto.participants,
      expenseSettled: dto.expenseSettled,
      ...(dto.notes ? { notes: dto.notes } : {}),
    });
  }

  @Post('feedback')
  @ApiExamples(SubmitFeedbackDto, REQUEST_EXAMPLES.feedback)
  @HttpCode(HttpStatus.OK)
  @Roles(...senderRoles('submitFeedback'))
  @ApiOkResponse({ type: LifecycleAnswer })
  @ApiOperation({ summary: 'R-16.1 submit the feedback record (反馈记录单)' })
  async feedback(
    @Param('id', activityIdPipe) id: string,
    @Body() dto: SubmitFeedbackDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
  ): Promise<LifecycleAnswer> {
    const activity = await this.activities.findOr404(id);
    assertCanActForDepartment(actor, activity.leadDepartment);
    return this.send(activity, submitFeedbackUpdate, {
      ...envelope(actor, key),
      summary: dto.summary,
      ...(dto.recordId ? { recordId: dto.recordId } : {}),
    });
  }

  @Post('disposal')
  @ApiExamples(DecideDisposalDto, REQUEST_EXAMPLES.disposal)
  @HttpCode(HttpStatus.OK)
  @Roles(...senderRoles('decideDisposal'))
  @ApiOkResponse({ type: LifecycleAnswer })
  @ApiOperation({ summary: 'R-13.1 disposal review at the end of retention: destroy or extend' })
  async disposal(
    @Param('id', activityIdPipe) id: string,
    @Body() dto: DecideDisposalDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
  ): Promise<LifecycleAnswer> {
    const activity = await this.activities.findOr404(id);
    return this.send(activity, decideDisposalUpdate, { ...envelope(actor, key), ...dto });
  }

  @Post('retention')
  @ApiExamples(SetPermanentDto, REQUEST_EXAMPLES.retention)
  @HttpCode(HttpStatus.OK)
  @Roles(...senderRoles('setPermanent'))
  @ApiOkResponse({ type: LifecycleAnswer })
  @Audit('activity.retention.set', 'activity', 'id', ['permanent', 'reason'])
  @ApiOperation({
    summary: 'R-13.1 mark the activity permanent, or undo that, with a reason',
    description:
      'Any stage until the lifecycle ends. Undone after archiving, the retention (archive + 3 years, with extensions) runs ' +
      'again: at once overdue, and so the disposal review, if that time has passed. Marked permanent, an open or overdue ' +
      'retention is waived. Audited with the reason.',
  })
  async retention(
    @Param('id', activityIdPipe) id: string,
    @Body() dto: SetPermanentDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
  ): Promise<LifecycleAnswer> {
    const activity = await this.activities.findOr404(id);
    return this.send(activity, setPermanentUpdate, { ...envelope(actor, key), permanent: dto.permanent, reason: dto.reason.trim() });
  }

  private async send<M extends MessageBase>(
    activity: ActivityEntity,
    update: UpdateDefinition<LifecycleState, [M]>,
    message: M,
  ): Promise<LifecycleAnswer> {
    const lifecycle = await this.lifecycle.send(activity.workflowId, update, message);
    return { activityId: activity.id, lifecycle };
  }
}

/** The request id is scoped to the actor, so two users' keys never collide; a malformed key is a 400. */
export function envelope(actor: Actor, idempotencyKey: string | undefined): MessageBase {
  assertIdempotencyKey(idempotencyKey);
  return { requestId: idempotencyKey ? `${actor.userId}:${idempotencyKey}` : randomUUID(), actor };
}
