import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16 item 3, lists at scale (bench/lists.bench.ts prints the plans these serve). Each list
 * reads one page in its order and counts what its filters match:
 *  - the page: the leading column(s) are the filter the list is scoped by, then the sort column,
 *    so a page is the first rows of one index range, never a sort of every match;
 *  - the count: the other filters are later key columns (or INCLUDEd), so counting is an
 *    index-only scan that checks them in the index and never visits the table.
 * activities (ORDER BY end_at DESC, id; a department head's list always has the department):
 *   department_list (lead_department, …), stage_list (stage, …), type_list (type, …), overdue_list
 *   (the few overdue rows); the unfiltered list and the year (an end_at range) use end_at_idx.
 *   name_trgm: the escalation board's "part of the activity name" search (ILIKE '%…%', pg_trgm).
 * escalations (ORDER BY fired_at DESC, id): list, department_list.
 * notifications (one user's inbox, ORDER BY created_at DESC, id): inbox (read/unread and
 *   activity filters checked in the index), inbox_unread (the unread badge and filter).
 * The single-column indexes that the new ones start with are dropped: the new ones serve their
 * look-ups too.
 */
export class ListIndexes1764190001700 implements MigrationInterface {
  name = 'ListIndexes1764190001700';

  async up(q: QueryRunner): Promise<void> {
    // Trusted since PostgreSQL 13: the database owner may create it (the production app role owns its database).
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE INDEX activities_department_list_idx ON activities (lead_department, end_at, stage, type, is_overdue)`);
    await q.query(`CREATE INDEX activities_stage_list_idx ON activities (stage, end_at, type, is_overdue)`);
    await q.query(`CREATE INDEX activities_type_list_idx ON activities (type, end_at, is_overdue)`);
    await q.query(`CREATE INDEX activities_overdue_list_idx ON activities (end_at, lead_department, stage, type) WHERE is_overdue`);
    await q.query(`CREATE INDEX activities_name_trgm_idx ON activities USING gin (name gin_trgm_ops)`);
    await q.query(`DROP INDEX activities_lead_department_idx`);
    await q.query(`DROP INDEX activities_stage_idx`);

    await q.query(
      `CREATE INDEX escalations_list_idx ON escalations (fired_at DESC, id) INCLUDE (lead_department, kind, deadline_key, resolved_at)`,
    );
    await q.query(
      `CREATE INDEX escalations_department_list_idx ON escalations (lead_department, fired_at DESC, id)
         INCLUDE (kind, deadline_key, resolved_at)`,
    );
    await q.query(`DROP INDEX escalations_department_idx`);

    await q.query(`CREATE INDEX notifications_inbox_idx ON notifications (user_id, created_at DESC, id, read_at, activity_id)`);
    await q.query(`CREATE INDEX notifications_inbox_unread_idx ON notifications (user_id, created_at DESC, id) WHERE read_at IS NULL`);
    await q.query(`DROP INDEX notifications_user_idx`);
    await q.query(`DROP INDEX notifications_unread_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
    await q.query(`DROP INDEX notifications_inbox_unread_idx`);
    await q.query(`DROP INDEX notifications_inbox_idx`);

    await q.query(`CREATE INDEX escalations_department_idx ON escalations (lead_department)`);
    await q.query(`DROP INDEX escalations_department_list_idx`);
    await q.query(`DROP INDEX escalations_list_idx`);

    await q.query(`CREATE INDEX activities_stage_idx ON activities (stage)`);
    await q.query(`CREATE INDEX activities_lead_department_idx ON activities (lead_department)`);
    await q.query(`DROP INDEX activities_name_trgm_idx`);
    await q.query(`DROP INDEX activities_overdue_list_idx`);
    await q.query(`DROP INDEX activities_type_list_idx`);
    await q.query(`DROP INDEX activities_stage_list_idx`);
    await q.query(`DROP INDEX activities_department_list_idx`);
    // pg_trgm stays: it may have been there before, and other objects may use it.
  }
}
