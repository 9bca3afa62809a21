import { type PayoutProviderName, type PayoutState, payoutStates } from './payouts.js';

/**
 * The life of a payout (SPEC §6), pure. A payout is created with its money moved from
 * `available` to `in_transit`; from there:
 *
 * - Stripe: created → sending (an attempt is about to reach the rail; again sending → sending for
 *   each retry under the same idempotency key) → paid | failed;
 * - CSV: created → in_transit (handed to finance in an export) → paid | failed;
 * - either rail: created → paid | failed, when the rail's answer arrives before the attempt is marked.
 *
 * `paid` and `failed` are final. The database trigger on `payouts` refuses the same illegal moves;
 * this is where the use cases ask first.
 */

/** What a move does to the ledger (transfers named after the payout, see domain/ledger.ts). */
export type PayoutLedgerEffect =
  /** No money moves: it stays in `in_transit`. */
  | 'none'
  /** `payoutPaid`: in_transit → paid. */
  | 'payout_paid'
  /** `payoutFailed`: in_transit → available (repaying any owed balance first). */
  | 'payout_failed';

export interface PayoutMove {
  readonly from: PayoutState;
  readonly to: PayoutState;
  readonly provider: PayoutProviderName;
  readonly ledger: PayoutLedgerEffect;
}

const ledgerEffectOf: Record<PayoutState, PayoutLedgerEffect> = {
  created: 'none',
  sending: 'none',
  in_transit: 'none',
  paid: 'payout_paid',
  failed: 'payout_failed',
};

/** Where a payout waits once its rail has it: Stripe is being sent, CSV is with finance. */
const handedOverState = { stripe: 'sending', csv: 'in_transit' } as const satisfies Record<
  PayoutProviderName,
  PayoutState
>;

function isLegal(from: PayoutState, to: PayoutState, provider: PayoutProviderName): boolean {
  switch (to) {
    case 'created':
      return false;
    case 'sending':
      return provider === 'stripe' && (from === 'created' || from === 'sending');
    case 'in_transit':
      return provider === 'csv' && from === 'created';
    case 'paid':
    case 'failed':
      return from === 'created' || from === handedOverState[provider];
  }
}

/** The move from one state to another on a rail, with its ledger effect; null when it is not legal. */
export function decidePayoutMove(
  from: PayoutState,
  to: PayoutState,
  provider: PayoutProviderName,
): PayoutMove | null {
  if (!isLegal(from, to, provider)) return null;
  return { from, to, provider, ledger: ledgerEffectOf[to] };
}

/** Every legal move into `to` on a rail, e.g. both created → sending and sending → sending. */
export function payoutMovesInto(to: PayoutState, provider: PayoutProviderName): PayoutMove[] {
  return payoutStates.flatMap((from) => decidePayoutMove(from, to, provider) ?? []);
}

/** True for a move this module decided (storage asserts it before writing). */
export function isLegalPayoutMove(move: PayoutMove): boolean {
  const decided = decidePayoutMove(move.from, move.to, move.provider);
  return decided !== null && decided.ledger === move.ledger;
}

/** A payout in a final state never moves again. */
export function isFinalPayoutState(state: PayoutState): boolean {
  return state === 'paid' || state === 'failed';
}
