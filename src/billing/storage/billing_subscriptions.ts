import type { Queryable } from '../../platform/db/database.js';
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
