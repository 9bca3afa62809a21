import type { Queryable } from '../../platform/db/database.js';
import { unreferredStatuses } from '../../referrals/rules/lifecycle.js';
import { referredTeamSql } from '../../referrals/storage/referred_team_sql.js';
import type { SubscriptionUpdate } from '../rules/stripe_events.js';

/** Stores the state if it is newer than the stored one; returns whether it was stored. */
export async function storeSubscription(
  tx: Queryable,
  update: SubscriptionUpdate,
  now: Date,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO billing_subscriptions (id, source, customer_id, team_id, status, monthly_amount_cents, currency,
        started_at, ended_at, version_at, version_rank, version_tiebreak, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (id) DO UPDATE SET
       source = EXCLUDED.source, customer_id = EXCLUDED.customer_id, team_id = EXCLUDED.team_id,
       status = EXCLUDED.status, monthly_amount_cents = EXCLUDED.monthly_amount_cents,
       currency = EXCLUDED.currency, started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at,
       version_at = EXCLUDED.version_at, version_rank = EXCLUDED.version_rank,
       version_tiebreak = EXCLUDED.version_tiebreak, updated_at = EXCLUDED.updated_at
     WHERE (billing_subscriptions.version_at, billing_subscriptions.version_rank, billing_subscriptions.version_tiebreak)
         < (EXCLUDED.version_at, EXCLUDED.version_rank, EXCLUDED.version_tiebreak)
     RETURNING id`,
    [
      update.subscriptionId,
      update.source,
      update.customerId,
      update.teamId,
      update.status,
      update.monthlyAmountCents,
      update.currency,
      update.startedAt,
      update.endedAt,
      update.version.at,
      update.version.rank,
      update.version.tiebreak,
      now,
    ],
  );
  return rows.length > 0;
}

/** Subscriptions in these states never billed: they book no contract value. */
const neverBilledStatuses = ['incomplete', 'incomplete_expired'];

/**
 * New annual contract value per period: 12 × the monthly amount (as last known) of each
 * subscription that started in the period and did not stay incomplete — over every subscription
 * billing knows (`allCents`) and over referred teams' (`referredCents`). `boundaries`: n + 1
 * instants for n periods; periods without any are left out.
 */
export async function sumNewAcvCentsByPeriod(
  db: Queryable,
  boundaries: readonly Date[],
): Promise<{ periodIndex: number; allCents: number; referredCents: number }[]> {
  if (boundaries.length < 2) return [];
  const rows = await db.query<{ bucket: number; all_cents: number; referred_cents: number }>(
    `SELECT width_bucket(s.started_at, $1::timestamptz[])::int4 AS bucket,
            (12 * sum(s.monthly_amount_cents))::int8 AS all_cents,
            (12 * coalesce(sum(s.monthly_amount_cents) FILTER (WHERE EXISTS (
               SELECT 1 FROM team_billing_subscriptions ts JOIN teams t ON t.id = ts.team_id
                WHERE ts.id = s.id AND ${referredTeamSql('t', '$4')})), 0))::int8 AS referred_cents
       FROM billing_subscriptions s
      WHERE s.started_at >= $2 AND s.started_at < $3 AND s.status <> ALL($5::text[])
      GROUP BY 1`,
    [boundaries, boundaries[0], boundaries[boundaries.length - 1], unreferredStatuses, neverBilledStatuses],
  );
  return rows.map((row) => ({
    periodIndex: row.bucket - 1,
    allCents: Number(row.all_cents),
    referredCents: Number(row.referred_cents),
  }));
}
