import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, Role } from '../../../../libs/domain/roles.js';
import { Audit } from '../audit/audit.decorator.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { assertCanReadActivity } from '../auth/policy.js';
import { StatisticsQuery, StatisticsResponse } from './dto/statistics.dto.js';
import { StatisticsService } from './statistics.service.js';

/**
 * Who reads the 报表 figures: the association's leadership and overseers, and
 * department heads for their own department (as on the overdue board).
 */
export const STATISTICS_READERS: readonly Role[] = ['dept_head', 'admin', 'vp', 'secretary_general', 'management', 'supervisor'];

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports/statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get()
  @Roles(...STATISTICS_READERS)
  @Audit('reports.statistics')
  @ApiOkResponse({ type: StatisticsResponse })
  @ApiOperation({
    summary:
      '报表 figures of a year (Asia/Shanghai): draft and final deadlines met on time or late by month due; suggestions by ' +
      'responsible department and status; average satisfaction of final versions by activity type and quarter. ' +
      'A department head gets their own department only',
  })
  get(@Query() q: StatisticsQuery, @CurrentActor() actor: Actor): Promise<StatisticsResponse> {
    let department = q.department ?? null;
    if (actor.role === 'dept_head') {
      if (department && department !== actor.department) assertCanReadActivity(actor, department);
      department = actor.department;
    }
    return this.statistics.statistics(q.year, department);
  }
}
