import type { Context } from '../app/context.js';
import { msPerDay } from '../settings/rules/program_settings.js';
import { usageLateBefore } from './rules/usage.js';
import { deleteUsageEventsBefore } from './storage/usage_events.js';
import { raiseUsagePruneHorizon } from './storage/usage_prune_horizon.js';

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
  await raiseUsagePruneHorizon(context.db, cutoff);
  let usageIdsPruned = 0;
  for (;;) {
    const deleted = await deleteUsageEventsBefore(context.db, cutoff, idsPerDeleteMax);
    usageIdsPruned += deleted;
    if (deleted < idsPerDeleteMax) break;
  }
  return { usageIdsPruned };
}
