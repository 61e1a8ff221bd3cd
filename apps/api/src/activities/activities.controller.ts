import { Body, Controller, Get, Headers, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../../../libs/domain/roles.js';
import { Audit, AuditInHandler } from '../audit/audit.decorator.js';
import type { ApiRequest } from '../auth/request.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { INTERNAL_ROLES, assertCanActForDepartment, assertCanReadActivity, isDepartmentScoped } from '../auth/policy.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { assertIdempotencyKey } from '../common/input.js';
import { ActivitiesService } from './activities.service.js';
import { ListActivitiesQuery } from './dto/list-activities.dto.js';
import { RegisterActivityDto } from './dto/register-activity.dto.js';
import { ActivityDetailResponse, ActivityPage } from './dto/activity-view.dto.js';
import { RegisteredActivity } from './dto/lifecycle-answer.dto.js';
import { ApiExamples, REQUEST_EXAMPLES } from '../common/request-examples.js';

const uuidPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new ApiError(ErrorCode.NOT_FOUND, 'No activity with this id', '未找到该活动', [
      { field: 'id', code: 'isUuid', message: 'id must be a UUID', messageZh: 'id 必须是 UUID' },
    ]),
});

@ApiTags('activities')
@ApiBearerAuth()
@Controller('api/activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Post()
  @ApiExamples(RegisterActivityDto, REQUEST_EXAMPLES.registerActivity)
  @Roles('staff', 'dept_head', 'admin')
  @Audit('activity.register', 'activity')
  @AuditInHandler()
  @ApiOperation({ summary: 'Register an activity and start its summary lifecycle workflow' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat-safe key: the same key returns the same activity (200)' })
  @ApiCreatedResponse({ type: RegisteredActivity, description: 'Registered: the new activity and its lifecycle workflow' })
  @ApiOkResponse({ type: RegisteredActivity, description: 'Repeated Idempotency-Key (same user, same body): the activity created earlier' })
  async register(
    @Body() dto: RegisterActivityDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @Req() req: ApiRequest,
    @CurrentActor() actor: Actor,
  ): Promise<RegisteredActivity> {
    assertCanActForDepartment(actor, dto.leadDepartment);
    assertIdempotencyKey(idempotencyKey);
    // The row the audit interceptor would write for this route (AuditInHandler): written with the activity.
    const audit = (activityId: string, status: number) => ({
      actor,
      action: 'activity.register',
      targetType: 'activity',
      targetId: activityId,
      request: req,
      details: { method: req.method, route: '/api/activities', status },
    });
    const { created, activity } = await this.activities.register(dto, actor, idempotencyKey, audit);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return { id: activity.id, workflowId: activity.workflowId };
  }

  @Get()
  @Roles(...INTERNAL_ROLES)
  @ApiOperation({
    summary:
      'Activities filtered by stage, department, type, overdue and year; paginated `{ items, total, totalExact, page, pageSize }`' +
      ' (the total counts up to 10,000)',
  })
  @ApiOkResponse({ type: ActivityPage })
  list(@Query() query: ListActivitiesQuery, @CurrentActor() actor: Actor): Promise<ActivityPage> {
    // Department staff and heads see their own department only.
    if (isDepartmentScoped(actor)) {
      if (query.department && query.department !== actor.department) assertCanReadActivity(actor, query.department);
      query.department = actor.department ?? undefined;
    }
    return this.activities.list(query);
  }

  @Get(':id')
  @Roles(...INTERNAL_ROLES)
  @ApiOperation({ summary: 'The stored activity, its workflow state under `lifecycle`, what you may send now under `allowedActions`' })
  @ApiOkResponse({ type: ActivityDetailResponse })
  async get(@Param('id', uuidPipe) id: string, @CurrentActor() actor: Actor) {
    const activity = await this.activities.get(id, actor);
    assertCanReadActivity(actor, activity.leadDepartment);
    return activity;
  }
}
