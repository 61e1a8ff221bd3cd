import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * a suggestion's status history keeps the reason of each rejection (不采纳理由). The
 * suggestion itself keeps only its current reason, which a reopening clears; the history is what
 * the supervisor reads.
 */
export class SuggestionUpdateReasons1764190001610 implements MigrationInterface {
  name = 'SuggestionUpdateReasons1764190001610';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE suggestion_updates ADD COLUMN reason text`);
    await q.query(`ALTER TABLE suggestion_updates ADD CONSTRAINT suggestion_updates_rejected_reason
                     CHECK (to_status <> 'rejected' OR reason IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE suggestion_updates DROP COLUMN reason`);
  }
}
