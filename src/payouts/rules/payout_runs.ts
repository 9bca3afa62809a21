import type { PayoutProviderName } from './payouts.js';

/**
 * Payout runs (SPEC §8, payout approval), pure. A run is one as-of time. Without approval it is
 * recorded as approved when it starts and `sent` once every payout went to its rail. With the
 * program setting `payoutApprovalRequired`, its payouts are created (money reserved in transit)
 * but no rail is called until a program manager approves it:
 *
 *   awaiting_approval → approved → sent;   awaiting_approval → cancelled.
 *
 * The database trigger on `payout_runs` refuses the same illegal moves.
 */
export const payoutRunStates = ['awaiting_approval', 'approved', 'sent', 'cancelled'] as const;
export type PayoutRunState = (typeof payoutRunStates)[number];

/** States whose payouts no rail may take: not approved yet, or refused. */
export const payoutRunStatesHoldingPayouts = [
  'awaiting_approval',
  'cancelled',
] as const satisfies readonly PayoutRunState[];

/** `run_<as-of, compact UTC>`: the same as-of always names the same run, as it names the same payouts. */
export function payoutRunIdFor(asOf: Date): string {
  return `run_${asOf.toISOString().replace('.000Z', 'Z').replace(/[-:.]/g, '')}`;
}

/** The state a new run starts in. */
export function initialPayoutRunState(approvalRequired: boolean): PayoutRunState {
  return approvalRequired ? 'awaiting_approval' : 'approved';
}

export type ApprovalVerdict =
  | { act: 'approve' }
  /** Approved before (another approval, or one that crashed mid-way): finish sending what is left. */
  | { act: 'resume' }
  | { act: 'refuse'; reason: string };

/** What an approval of a run in `state` does. */
export function approvalVerdict(state: PayoutRunState): ApprovalVerdict {
  switch (state) {
    case 'awaiting_approval':
      return { act: 'approve' };
    case 'approved':
      return { act: 'resume' };
    case 'sent':
      return { act: 'refuse', reason: 'the run was approved and sent already' };
    case 'cancelled':
      return { act: 'refuse', reason: 'the run was cancelled' };
  }
}

/** Only a run still waiting may be cancelled: once approved, money may be on its way. */
export function mayCancelPayoutRun(state: PayoutRunState): boolean {
  return state === 'awaiting_approval';
}

export interface PayoutRunTotals {
  payouts: number;
  totalCents: number;
  paid: number;
  failed: number;
  /** Created, being sent or (CSV) with finance. */
  open: number;
}

export interface PayoutRunFacts {
  id: string;
  asOf: Date;
  provider: PayoutProviderName;
  state: PayoutRunState;
  approvalRequired: boolean;
}
