import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '../../../../libs/config/config.js';
import type { Actor, Role } from '../../../../libs/domain/roles.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { INTERNAL_ROLES } from '../auth/policy.js';
import { APP_CONFIG } from '../tokens.js';
import { TodoResponse } from './dto/todo.dto.js';
import { WebConfigResponse } from './dto/web-config.dto.js';
import { TodoService } from './todo.service.js';

/** Who sees the link to a workflow in the Temporal UI: the administration and the supervisory board. */
export const TEMPORAL_UI_ROLES: readonly Role[] = ['admin', 'supervisor'];

/**
 * The web app's two reads that are not about one activity: the to-do list (我的待办) and its
 * configuration. Registered before ActivitiesController (activities.module.ts), so that
 * `/api/activities/todo` is not taken for an activity id.
 */
@ApiTags('activities')
@ApiBearerAuth()
@Controller('api')
export class TodoController {
  constructor(
    private readonly todo: TodoService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('activities/todo')
  @Roles(...INTERNAL_ROLES)
  @ApiOperation({
    summary:
      'What waits for the signed-in user (我的待办), nearest due first: each lifecycle message they may send now ' +
      '(allowedActions, from the projected state) on the activities they can see, with the deadline it answers to',
  })
  @ApiOkResponse({ type: TodoResponse })
  list(@CurrentActor() actor: Actor): Promise<TodoResponse> {
    return this.todo.list(actor);
  }

  @Get('web-config')
  @Roles(...INTERNAL_ROLES)
  @ApiOperation({ summary: "The web app's settings for the signed-in user: the Temporal UI link (admin and supervisor only)" })
  @ApiOkResponse({ type: WebConfigResponse })
  webConfig(@CurrentActor() actor: Actor): WebConfigResponse {
    const { uiUrl, namespace } = this.config.temporal;
    return { temporalUi: TEMPORAL_UI_ROLES.includes(actor.role) ? { url: uiUrl.replace(/\/+$/, ''), namespace } : null };
  }
}
