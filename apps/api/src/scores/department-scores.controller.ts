import { Controller, Get, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import type { Role } from '../../../../libs/domain/roles.js';
import { departmentScores } from '../../../../libs/reports/score-inputs.js';
import { Roles } from '../auth/decorators.js';
import { DepartmentScoresQuery, DepartmentScoresView } from './dto/scores.dto.js';

/**
 * Who reads the annual scores: management, the supervisory board, the administration (which
 * compiles the evaluations, R-16.2) and the final reviewers. Department heads are not among them:
 * the ranking is published by management and reaches them with the annual report.
 */
export const SCORE_READERS: readonly Role[] = ['management', 'supervisor', 'admin', 'vp', 'secretary_general'];

/** the annual department scores, each explained, 先进单位 and the reward candidates. */
@ApiTags('scores')
@ApiBearerAuth()
@Controller('api/reports/department-scores')
export class DepartmentScoresController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Roles(...SCORE_READERS)
  @ApiOkResponse({ type: DepartmentScoresView })
  @ApiOperation({
    summary: 'R-18 every department’s score of a year (activities that ended in it, Asia/Shanghai) with its deductions and bonuses',
    description:
      'Timeliness 30 (−5 per late draft, −10 per late final), quality 50 (−3 per summary returned at least once, −10 per ' +
      'summary flagged falsified), application 20 (−5 if the suggestion implementation rate < 60%, +5 per training-material ' +
      'summary, +10 per commended one). A dimension never goes below 0 from its deductions; bonuses are added after that ' +
      'floor, so the total may exceed 100. A department without activities keeps its full weights. Also R-19: the top 2 ' +
      '(活动管理先进单位) and the compilers of excellent summaries.',
  })
  async get(@Query() q: DepartmentScoresQuery): Promise<DepartmentScoresView> {
    return { year: q.year, ...(await departmentScores(this.dataSource, q.year)) };
  }
}
