import type { Context } from '../app/context.js';
import { commissionVested } from '../ledger/rules/ledger.js';
import { lockAffiliateLedger, postTransfer } from '../ledger/storage/ledger.js';
import type { Queryable } from '../platform/db/database.js';
import { AppError } from '../platform/rules/errors.js';
import { loadTeamAffiliate } from '../referrals/storage/teams.js';
import { loadTeamCommissions } from './storage/commissions.js';

/** The team reached paid: its pending commissions vest. Repeating it changes nothing. */
export async function vestCommissionsForTeam(
  context: Context,
  input: { teamId: string; at?: Date | undefined },
): Promise<{ vested: number }> {
  const at = input.at ?? context.clock.now();
  return context.db.transaction((tx) => vestTeamCommissionsIn(tx, { teamId: input.teamId, at }));
}

/** The same inside a caller's transaction (e.g. the one that appends the `paid` event). */
export async function vestTeamCommissionsIn(
  tx: Queryable,
  input: { teamId: string; at: Date },
): Promise<{ vested: number }> {
  const affiliateId = await lockTeamAffiliate(tx, input.teamId);
  if (!affiliateId) return { vested: 0 };
  let vested = 0;
  for (const commission of await loadTeamCommissions(tx, input.teamId)) {
    if (commission.status.state !== 'pending') continue;
    const posted = await postTransfer(
      tx,
      commissionVested({
        affiliateId,
        commissionId: commission.id,
        amountCents: commission.status.remainingCents,
        at: input.at,
      }),
    );
    if (!posted.replayed) vested += 1;
  }
  return { vested };
}

/** Locks the ledger of the team's affiliate; null when the team has none (not referred). */
export async function lockTeamAffiliate(tx: Queryable, teamId: string): Promise<string | null> {
  const team = await loadTeamAffiliate(tx, teamId);
  if (!team) throw new AppError('not_found', `team ${teamId} does not exist`, { path: 'teamId' });
  if (!team.affiliateId) return null;
  await lockAffiliateLedger(tx, team.affiliateId);
  return team.affiliateId;
}
