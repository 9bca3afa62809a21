/**
 * Money anomalies that only a person can settle. Each is recorded once (per kind, payout and
 * transfer) and holds the affiliate's payouts until resolved, because the ledger and the rail
 * disagree about where the money is.
 */
export const operatorExceptionKinds = [
  /** The rail holds a transfer for a payout already failed here: its amount went back to available. */
  'transfer_for_failed_payout',
  /** The rail reversed a transfer of a payout already failed here: nothing left to return. */
  'reversal_of_failed_payout',
] as const;
export type OperatorExceptionKind = (typeof operatorExceptionKinds)[number];

export const operatorExceptionStates = ['open', 'resolved'] as const;
export type OperatorExceptionState = (typeof operatorExceptionStates)[number];

export const operatorExceptionResolutionCharsMax = 2_000;

export interface OperatorException {
  id: string;
  kind: OperatorExceptionKind;
  affiliateId: string;
  payoutId: string;
  transferId: string;
  amountCents: number;
  currency: string;
  detail: string;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolution: string | null;
}

export function operatorExceptionState(
  exception: Pick<OperatorException, 'resolvedAt'>,
): OperatorExceptionState {
  return exception.resolvedAt === null ? 'open' : 'resolved';
}

/** What an operator reads first: the anomaly in one sentence, with the amounts and ids to check. */
export function describeOperatorException(input: {
  kind: OperatorExceptionKind;
  payoutId: string;
  transferId: string;
  amountCents: number;
  currency: string;
}): string {
  const amount = `${input.amountCents} ${input.currency} cents`;
  if (input.kind === 'transfer_for_failed_payout') {
    return `transfer ${input.transferId} (${amount}) exists for payout ${input.payoutId}, which failed and returned its money to available; check the connected account and either recover the transfer or record the payout as paid by hand`;
  }
  return `transfer ${input.transferId} of payout ${input.payoutId}, which failed, was reversed (${amount}); the money already came back when the payout failed, so check the connected account's balance`;
}
