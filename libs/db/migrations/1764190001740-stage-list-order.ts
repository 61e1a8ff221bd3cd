import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The activity list filtered by stage reads its page in the list's whole order (end_at DESC, id)
 * from one index range. With (stage, end_at, …) both that index and end_at_idx needed a sort on id,
 * and the planner took end_at_idx, filtering on the stage: right for a stage spread over the years,
 * wrong for one correlated with age. RETAINED holds the old activities, so page 3 of it walked
 * ~9,500 newer rows first (6 ms of a 14 ms p50, npm run bench, lists). With id in the key the
 * stage's own index holds the page's ids in the list's order, which activityListQueries reads
 * index-only before fetching the rows (the index alone, with the page as one statement, did not
 * change the planner's choice).
 */
export class StageListOrder1764190001740 implements MigrationInterface {
  name = 'StageListOrder1764190001740';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX activities_stage_list_idx`);
    await q.query(`CREATE INDEX activities_stage_list_idx ON activities (stage, end_at DESC, id, type, is_overdue)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX activities_stage_list_idx`);
    await q.query(`CREATE INDEX activities_stage_list_idx ON activities (stage, end_at, type, is_overdue)`);
  }
}
