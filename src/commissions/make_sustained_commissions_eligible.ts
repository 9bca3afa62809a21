import type { Context } from '../app/context.js';
import { makeTeamCommissionsEligibleIn } from './make_commissions_eligible_for_team.js';

/** Teams examined per query; the sweep pages through them in batches of this size. */
export const eligibleBatchSizeMax = 500;

/**
 * Sweep step: the commissions of every team that reached `sustained` become eligible as of
 * `asOf` (the payout delay counts from then). `applySustained` appends the event; this moves the
 * money, so a commission granted or vested in any order still ends eligible. A commission is a
 * candidate while it holds money and has no eligible transfer; repeating it changes nothing.
 */
export async function makeSustainedCommissionsEligible(
  context: Context,
  asOf: Date,
): Promise<{ teamsMadeEligible: number; commissionsMadeEligible: number }> {
  const result = { teamsMadeEligible: 0, commissionsMadeEligible: 0 };
  let afterTeamId = '';
  for (;;) {
    const batch = await context.db.query<{ team_id: string }>(
      `SELECT DISTINCT c.team_id FROM commissions c
        WHERE c.team_id > $1 AND c.amount_cents > 0
          AND EXISTS (SELECT 1 FROM referral_events e
                       WHERE e.team_id = c.team_id AND e.type = 'sustained' AND e.occurred_at <= $2)
          AND NOT EXISTS (SELECT 1 FROM ledger_transfers t
                           WHERE t.commission_id = c.id AND t.kind IN ('commission_eligible', 'commission_released'))
          AND c.amount_cents > (
            SELECT coalesce(sum(en.amount_cents), 0) FROM ledger_transfers t
              JOIN ledger_entries en ON en.transfer_id = t.id AND en.account = 'program_expense'
             WHERE t.commission_id = c.id AND t.kind = 'commission_reversed')
        ORDER BY c.team_id LIMIT $3`,
      [afterTeamId, asOf, eligibleBatchSizeMax],
    );
    for (const { team_id: teamId } of batch) {
      const done = await context.db.transaction((tx) =>
        makeTeamCommissionsEligibleIn(tx, { teamId, at: asOf }),
      );
      if (done.eligible > 0) {
        result.teamsMadeEligible += 1;
        result.commissionsMadeEligible += done.eligible;
      }
    }
    if (batch.length < eligibleBatchSizeMax) return result;
    afterTeamId = batch[batch.length - 1]!.team_id;
  }
}
