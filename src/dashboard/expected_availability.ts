import type { CommissionStatus } from '../commissions/rules/commission_state.js';

const msPerDay = 86_400_000;

export interface AvailabilityFacts {
  status: CommissionStatus;
  /** When the referred team first paid (a vested commission waits for it to be sustained). */
  teamPaidAt: Date | null;
  sustainedDays: number;
  /** The payout delay in force when the commission became (or will become) eligible. */
  payoutDelayDays: number;
}

/**
 * When a commission is expected in the available balance: the release date once eligible, the
 * earliest sustained date plus the payout delay once vested; unknown while pending (it waits
 * for the team's first paid invoice); never for reversed or capped ones. Pure.
 */
export function expectedAvailableAt(facts: AvailabilityFacts): Date | null {
  const { status } = facts;
  switch (status.state) {
    case 'available':
      return status.availableAt;
    case 'eligible':
      return status.eligibleAt && new Date(status.eligibleAt.getTime() + facts.payoutDelayDays * msPerDay);
    case 'vested':
      return (
        facts.teamPaidAt &&
        new Date(facts.teamPaidAt.getTime() + (facts.sustainedDays + facts.payoutDelayDays) * msPerDay)
      );
    default:
      return null;
  }
}
