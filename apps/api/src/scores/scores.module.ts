import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module.js';
import { DepartmentScoresController } from './department-scores.controller.js';
import { ScoreFlagsController } from './score-flags.controller.js';
import { ScoreFlagsService } from './score-flags.service.js';

/** score flags and the annual department scores. */
@Module({
  imports: [ActivitiesModule],
  controllers: [DepartmentScoresController, ScoreFlagsController],
  providers: [ScoreFlagsService],
})
export class ScoresModule {}
