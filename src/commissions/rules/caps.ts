import { assertCents } from './money.js';

export interface CappedAmount {
  /** What may be granted. */
  grantedCents: number;
  /** What the cap cut off; recorded with the commission, never silently dropped. */
  cappedCents: number;
}

/**
 * Cuts `amountCents` to the room left under `capCents` once `alreadyCents` was granted in the
 * same cap period. Granted amounts count, reversed ones do not free room: a grant never depends
 * on refunds that happen after it.
 */
export function applyCap(input: {
  amountCents: number;
  capCents: number;
  alreadyCents: number;
}): CappedAmount {
  assertCents(input.amountCents, 'amountCents');
  assertCents(input.capCents, 'capCents');
  assertCents(input.alreadyCents, 'alreadyCents');
  if (input.amountCents < 0 || input.capCents < 0 || input.alreadyCents < 0) {
    throw new Error('applyCap needs non-negative amounts');
  }
  const roomCents = Math.max(0, input.capCents - input.alreadyCents);
  const grantedCents = Math.min(input.amountCents, roomCents);
  return { grantedCents, cappedCents: input.amountCents - grantedCents };
}
