import type { Context } from '../app/context.js';
import { hasLiveSubscription } from '../billing/rules/billing.js';
import { loadTeamBillingFacts } from '../billing/storage/billing_facts.js';
import type { Queryable } from '../platform/db/database.js';
import { recordReferralTransition } from '../referrals/record_referral_transition.js';
import { evaluateSustained, sustainedBoundary } from './rules/sustained.js';

/** Teams examined per query; the sweep pages through all paid teams in batches of this size. */
export const sustainedBatchSizeMax = 500;

/** A type rather than an interface, so that it fits the sweep's summary of counts. */
export type SustainedSweepResult = {
  teamsSustained: number;
};

async function activeDays(db: Queryable, teamId: string, from: Date, until: Date): Promise<string[]> {
  const rows = await db.query<{ day: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM team_usage_days
      WHERE team_id = $1 AND api_calls > 0 AND day >= $2::date AND day <= $3::date`,
    [teamId, from.toISOString().slice(0, 10), until.toISOString().slice(0, 10)],
  );
  return rows.map((row) => row.day);
}

/**
 * Appends `sustained` for every paid team that, as of `asOf`, has stayed active for more than
 * `sustainedDays` after paying (the setting in force when it paid). Time-based, so the sweep
 * calls it; running it again for the same `asOf` changes nothing.
 */
export async function applySustained(context: Context, asOf: Date): Promise<SustainedSweepResult> {
  await context.settings.fresh();
  const result: SustainedSweepResult = { teamsSustained: 0 };
  let afterTeamId = '';
  for (;;) {
    const batch = await context.db.query<{ id: string; paid_at: Date }>(
      `SELECT t.id, e.occurred_at AS paid_at
         FROM teams t JOIN referral_events e ON e.team_id = t.id AND e.type = 'paid'
        WHERE t.status = 'paid' AND t.id > $1 AND e.occurred_at < $2
        ORDER BY t.id LIMIT $3`,
      [afterTeamId, asOf, sustainedBatchSizeMax],
    );
    for (const team of batch) {
      if (await applySustainedToTeam(context, team.id, team.paid_at, asOf)) result.teamsSustained += 1;
    }
    if (batch.length < sustainedBatchSizeMax) return result;
    afterTeamId = batch[batch.length - 1]!.id;
  }
}

async function applySustainedToTeam(
  context: Context,
  teamId: string,
  paidAt: Date,
  asOf: Date,
): Promise<boolean> {
  const sustainedDays = context.settings.at(paidAt).sustainedDays;
  if (asOf.getTime() <= sustainedBoundary(paidAt, sustainedDays).getTime()) return false;
  return context.db.transaction(async (tx) => {
    const facts = await loadTeamBillingFacts(tx, teamId);
    const verdict = evaluateSustained({
      paidAt,
      asOf,
      sustainedDays,
      subscriptionLive: hasLiveSubscription(facts.subscriptions),
      activeDays: await activeDays(tx, teamId, paidAt, sustainedBoundary(paidAt, sustainedDays)),
    });
    if (!verdict.sustained) return false;
    const state = await recordReferralTransition(context, tx, {
      teamId,
      type: 'sustained',
      cause: 'active_use',
      occurredAt: verdict.occurredAt,
      recordedAt: context.clock.now(),
      data: { sustainedDays, asOf: asOf.toISOString() },
    });
    return state !== null;
  });
}
