/**
 * The archive's side of the lifecycle, run by the worker without changing the
 * workflow: every projected state passes through `reconcile` (called by the recordProjection
 * activity), and the worker's ArchiveSweeper (apps/worker/src/archive-sweeper.ts) repeats
 * `sweep` for whatever a failed or crashed try left behind.
 *
 *  - final version formed (ARCHIVING and later): store the electronic copy under its generated names,
 *    and take its improvement suggestions as tracked items (R-5.5, libs/suggestions/take.ts);
 *  - DISPOSED by a `destroy` decision: delete the content, attachments and copy, leave the tombstone.
 *
 * Both steps are idempotent, so the projection and the sweeper may run them any number of times.
 */
import type { DataSource } from 'typeorm';
import { ensureArchived } from '../libs/archive/archiver.js';
import { destroyActivityContent, type DisposalDecision } from '../libs/archive/destroy.js';
import type { RenderFinalDocx } from '../libs/archive/final-docx.js';
import type { ArchiveStore } from '../libs/archive/store.js';
import { isDestroyed } from '../libs/domain/destroyed.js';
import { activitiesMissingSuggestions, takeSuggestions } from '../libs/suggestions/take.js';
import type { DisposalRecord, LifecycleState, Stage } from '../libs/domain/lifecycle.js';
import type { SigningKey } from '../libs/signature/signature.js';

export interface ArchiveStewardDeps {
  dataSource: DataSource;
  store: ArchiveStore;
  renderFinalDocx: RenderFinalDocx;
  attachmentsDir: string;
  signingKey: SigningKey;
  log?: { warn(message: string): void };
}

/** Stages in which the final version exists and its copy belongs in the archive. */
export const ARCHIVED_STAGES: readonly Stage[] = ['ARCHIVING', 'FEEDBACK', 'RETAINED'];

/** The disposal that ended the lifecycle, when it was a destruction. */
export function destroyDecision(state: Pick<LifecycleState, 'stage' | 'disposals'>): DisposalDecision | null {
  if (!isDestroyed(state)) return null;
  const last = state.disposals.at(-1)!;
  return { by: { userId: last.by.userId, role: last.by.role }, at: last.at, reason: last.reason };
}

export function createArchiveSteward(deps: ArchiveStewardDeps) {
  const { dataSource } = deps;
  const destroyDeps = { dataSource, store: deps.store, attachmentsDir: deps.attachmentsDir, signingKey: deps.signingKey };

  async function reconcile(state: Pick<LifecycleState, 'activityId' | 'stage' | 'disposals'>): Promise<'archived' | 'destroyed' | null> {
    if (ARCHIVED_STAGES.includes(state.stage)) {
      // Independent steps: a copy the renderer cannot make yet does not hold up the suggestions, nor the other way round.
      const taken = takeSuggestions(dataSource, state.activityId).then(
        () => null,
        (err: unknown) => err,
      );
      const archived = await ensureArchived(deps, state.activityId);
      const failure = await taken;
      if (failure) throw failure;
      return archived ? 'archived' : null;
    }
    const decision = destroyDecision(state);
    if (decision) return (await destroyActivityContent(destroyDeps, state.activityId, decision)) ? 'destroyed' : null;
    return null;
  }

  return {
    reconcile,

    /**
     * One pass over what the projection shows as due and the archive as not done: copies not
     * stored yet, destructions without a completed tombstone, final versions whose suggestions
     * are not rows yet. Each item on its own: one failing copy does not hold up the others.
     * Returns how many items were handled.
     */
    async sweep(batchSize = 50): Promise<number> {
      const due = (await dataSource.query(
        `SELECT a.id, a.stage, a.lifecycle -> 'disposals' AS disposals
           FROM activities a
           LEFT JOIN archive_records r ON r.activity_id = a.id
           LEFT JOIN archive_tombstones t ON t.activity_id = a.id
          WHERE (a.stage = ANY($1) AND r.stored_at IS NULL AND t.id IS NULL
                 AND EXISTS (SELECT 1 FROM summary_versions v WHERE v.activity_id = a.id AND v.submitted))
             OR (a.stage = 'DISPOSED' AND a.lifecycle -> 'disposals' -> -1 ->> 'decision' = 'destroy' AND t.completed_at IS NULL)
          ORDER BY a.updated_at
          LIMIT $2`,
        [ARCHIVED_STAGES, batchSize],
      )) as Array<{ id: string; stage: Stage; disposals: DisposalRecord[] | null }>;
      let handled = 0;
      for (const row of due) {
        try {
          if (await reconcile({ activityId: row.id, stage: row.stage, disposals: row.disposals ?? [] })) handled++;
        } catch (err) {
          deps.log?.warn(`archive: activity ${row.id} (${row.stage}) not done yet: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      // Final versions whose suggestions are not rows yet (the projection's try failed).
      for (const id of await activitiesMissingSuggestions(dataSource, ARCHIVED_STAGES, batchSize)) {
        try {
          if (await takeSuggestions(dataSource, id)) handled++;
        } catch (err) {
          deps.log?.warn(`suggestions: activity ${id} not taken yet: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      return handled;
    },
  };
}

export type ArchiveSteward = ReturnType<typeof createArchiveSteward>;
