import type { Context } from '../app/context.js';
import { commissionEligible } from '../ledger/rules/ledger.js';
import { postTransfer } from '../ledger/storage/ledger.js';
import type { Queryable } from '../platform/db/database.js';
import { loadTeamCommissions } from './storage/commissions.js';
import { lockTeamAffiliate, vestTeamCommissionsIn } from './vest_commissions_for_team.js';

/**
 * The team reached sustained: its commissions become eligible (any still pending vest first,
 * since sustained follows paid). The payout delay counts from now. Repeating it changes nothing.
 */
export async function makeCommissionsEligibleForTeam(
  context: Context,
  input: { teamId: string; at?: Date | undefined },
): Promise<{ eligible: number }> {
  const at = input.at ?? context.clock.now();
  return context.db.transaction((tx) => makeTeamCommissionsEligibleIn(tx, { teamId: input.teamId, at }));
}

export async function makeTeamCommissionsEligibleIn(
  tx: Queryable,
  input: { teamId: string; at: Date },
): Promise<{ eligible: number }> {
  const affiliateId = await lockTeamAffiliate(tx, input.teamId);
  if (!affiliateId) return { eligible: 0 };
  await vestTeamCommissionsIn(tx, input);
  let eligible = 0;
  for (const commission of await loadTeamCommissions(tx, input.teamId)) {
    if (commission.status.state !== 'vested') continue;
    const posted = await postTransfer(
      tx,
      commissionEligible({
        affiliateId,
        commissionId: commission.id,
        amountCents: commission.status.remainingCents,
        at: input.at,
      }),
    );
    if (!posted.replayed) eligible += 1;
  }
  return { eligible };
}
