/**
 * Payout rules (SPEC §6), pure: which affiliates are due, the deterministic payout id, what an
 * account's status means, and how much of a reversed transfer is new.
 */

export const payoutStates = ['created', 'sending', 'in_transit', 'paid', 'failed'] as const;
export type PayoutState = (typeof payoutStates)[number];
/** States in which the money sits in the ledger's `in_transit` account. */
export const openPayoutStates = ['created', 'sending', 'in_transit'] as const satisfies PayoutState[];

export const payoutProviders = ['stripe', 'csv'] as const;
export type PayoutProviderName = (typeof payoutProviders)[number];

export const payoutAccountStatuses = ['onboarding', 'ready', 'restricted'] as const;
export type PayoutAccountStatus = (typeof payoutAccountStatuses)[number];

/**
 * `po_<affiliate id>_<as-of, compact UTC>`: the same affiliate and as-of time always name the
 * same payout, so a repeated run of one as-of finds the payout it made instead of making another.
 * Only letters, digits and `_`, so it is a valid Stripe idempotency key and CSV payout id.
 */
export function payoutIdFor(affiliateId: string, asOf: Date): string {
  const compact = asOf.toISOString().replace('.000Z', 'Z').replace(/[-:.]/g, '');
  const id = `po_${affiliateId}_${compact}`;
  if (!/^[A-Za-z0-9_]{1,255}$/.test(id)) throw new Error(`affiliate id ${affiliateId} cannot name a payout`);
  return id;
}

/** An affiliate is paid when the available balance reaches the minimum (inclusive). */
export function isPayoutDue(availableCents: number, minPayoutCents: number): boolean {
  return availableCents > 0 && availableCents >= minPayoutCents;
}

export interface AccountFacts {
  payoutsEnabled: boolean;
  transfersCapability: string;
  detailsSubmitted: boolean;
}

/** Ready = transfers may be sent and paid out; restricted = onboarded but the rail holds it back. */
export function payoutAccountStatus(facts: AccountFacts): PayoutAccountStatus {
  if (facts.payoutsEnabled && facts.transfersCapability === 'active') return 'ready';
  return facts.detailsSubmitted ? 'restricted' : 'onboarding';
}

/**
 * A Stripe transfer reports its cumulative `amount_reversed`; `alreadyReturnedCents` came back in
 * earlier postings. Only the difference is new (events may come twice or out of order).
 */
export function newlyReversedCents(amountReversedCents: number, alreadyReturnedCents: number): number {
  return Math.max(0, amountReversedCents - alreadyReturnedCents);
}
