import type { Context } from '../app/context.js';
import { msPerDay } from '../settings/rules/program_settings.js';
import { usageLateBefore } from './rules/usage.js';

/** Ids are kept a day beyond the window, so a batch already in flight as pruning starts stays exact. */
const pruneMarginMs = msPerDay;
const idsPerDeleteMax = 10_000;

/**
 * Sweep step: forgets usage event ids older than the dedupe window. The prune horizon is raised
 * first, so from then on ingestion rejects such events as late and no forgotten id can count
 * again. Never prunes past the program clock, whatever `asOf` says.
 */
export async function pruneUsageIds(context: Context, asOf: Date): Promise<{ usageIdsPruned: number }> {
  await context.settings.fresh();
  const until = new Date(Math.min(asOf.getTime(), context.clock.now().getTime()));
  const windowDays = context.settings.at(until).usageDedupeWindowDays;
  const cutoff = new Date(usageLateBefore(until, windowDays).getTime() - pruneMarginMs);
  await context.db.query(
    `INSERT INTO usage_prune_horizon (singleton, pruned_before) VALUES (true, $1)
     ON CONFLICT (singleton) DO UPDATE
     SET pruned_before = greatest(usage_prune_horizon.pruned_before, EXCLUDED.pruned_before)`,
    [cutoff],
  );
  let usageIdsPruned = 0;
  for (;;) {
    const deleted = await context.db.query<{ id: string }>(
      `DELETE FROM usage_events WHERE id IN (
         SELECT id FROM usage_events WHERE occurred_at < $1 LIMIT $2
       ) RETURNING id`,
      [cutoff, idsPerDeleteMax],
    );
    usageIdsPruned += deleted.length;
    if (deleted.length < idsPerDeleteMax) break;
  }
  return { usageIdsPruned };
}
