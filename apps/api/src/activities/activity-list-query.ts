import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import type { ListActivitiesQuery } from './dto/list-activities.dto.js';

/**
 * The activity list's two statements (the indexes are migrations 1700 and 1740):
 *  - `rows`: the page's ids first, from the filters' index alone, then those rows. Said as one
 *    statement, a page of a stage correlated with age (RETAINED holds the old activities) was read
 *    from end_at_idx, filtering on the stage past every newer activity: the planner assumes a stage
 *    spread evenly over the years. The ids alone come from an index-only scan of the stage's own
 *    index, already in the list's order; the rows are then 20 look-ups by key.
 *  - `count`: the rows to count, in no order (see countUpTo).
 */
export function activityListQueries(
  dataSource: DataSource,
  q: ListActivitiesQuery,
): { rows: SelectQueryBuilder<ActivityEntity>; count: [string, unknown[]]; page: number; pageSize: number } {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const filtered = dataSource.getRepository(ActivityEntity).createQueryBuilder('f').select('f.id');
  if (q.stage) filtered.andWhere('f.stage = :stage', { stage: q.stage });
  if (q.department) filtered.andWhere('f.lead_department = :department', { department: q.department });
  if (q.type) filtered.andWhere('f.type = :type', { type: q.type });
  if (q.overdue !== undefined) filtered.andWhere('f.is_overdue = :overdue', { overdue: q.overdue });
  // The year as a range of end_at (an index range), not date_part of every row.
  if (q.year) {
    filtered.andWhere(`f.end_at >= make_timestamptz(:year, 1, 1, 0, 0, 0, 'Asia/Shanghai')`, { year: q.year });
    filtered.andWhere(`f.end_at < make_timestamptz(:nextYear, 1, 1, 0, 0, 0, 'Asia/Shanghai')`, { nextYear: q.year + 1 });
  }
  const count = filtered.clone().select('1').getQueryAndParameters();
  const ids = filtered
    .orderBy('f.end_at', 'DESC')
    .addOrderBy('f.id', 'ASC')
    .offset((page - 1) * pageSize)
    .limit(pageSize);
  const rows = dataSource
    .getRepository(ActivityEntity)
    .createQueryBuilder('a')
    .where(`a.id IN (${ids.getQuery()})`)
    .setParameters(ids.getParameters())
    .orderBy('a.end_at', 'DESC')
    .addOrderBy('a.id', 'ASC');
  return { rows, count, page, pageSize };
}
