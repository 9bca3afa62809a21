import type { Context } from '../app/context.js';
import { loadTeamCommissions } from './storage/commissions.js';

/** A team's commissions by state, in cents of what remains (reversed: what was taken back). */
export interface TeamCommissionsTotals {
  count: number;
  earnedCents: number;
  pendingCents: number;
  vestedCents: number;
  eligibleCents: number;
  /** Released to the affiliate's available balance (and possibly paid out since). */
  availableCents: number;
  reversedCents: number;
}

/** What a reviewer weighs before deciding on a team's flag: what the team earned and where it is. */
export async function summarizeTeamCommissions(
  context: Context,
  teamId: string,
): Promise<TeamCommissionsTotals> {
  const totals: TeamCommissionsTotals = {
    count: 0,
    earnedCents: 0,
    pendingCents: 0,
    vestedCents: 0,
    eligibleCents: 0,
    availableCents: 0,
    reversedCents: 0,
  };
  for (const commission of await loadTeamCommissions(context.db, teamId)) {
    totals.count += 1;
    totals.earnedCents += commission.amountCents;
    totals.reversedCents += commission.status.reversedCents;
    const remainingCents = commission.status.remainingCents;
    switch (commission.status.state) {
      case 'pending':
        totals.pendingCents += remainingCents;
        break;
      case 'vested':
        totals.vestedCents += remainingCents;
        break;
      case 'eligible':
        totals.eligibleCents += remainingCents;
        break;
      case 'available':
        totals.availableCents += remainingCents;
        break;
      default:
        break;
    }
  }
  return totals;
}
