import type { Queryable } from '../../platform/db/database.js';

/** The `usage_prune_horizon` table: one row, the time before which usage ids may have been forgotten. */

/** Moves the horizon to `prunedBefore` unless it already lies later; it never moves back. */
export async function raiseUsagePruneHorizon(db: Queryable, prunedBefore: Date): Promise<void> {
  await db.query(
    `INSERT INTO usage_prune_horizon (singleton, pruned_before) VALUES (true, $1)
     ON CONFLICT (singleton) DO UPDATE
     SET pruned_before = greatest(usage_prune_horizon.pruned_before, EXCLUDED.pruned_before)`,
    [prunedBefore],
  );
}
