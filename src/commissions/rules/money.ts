/**
 * Integer-cent arithmetic. Products are taken in bigint so that `amount × rate` cannot lose
 * precision above 2^53, and every division rounds down to the cent (floor), never to nearest.
 */
export const basisPointsPerWhole = 10_000;

export function assertCents(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be a safe integer of cents, got ${value}`);
}

/** floor(amountCents × rateBasisPoints / 10,000) for amountCents ≥ 0. */
export function shareOfCents(amountCents: number, rateBasisPoints: number): number {
  assertCents(amountCents, 'amountCents');
  if (amountCents < 0) throw new Error('shareOfCents needs a non-negative amount');
  if (!Number.isInteger(rateBasisPoints) || rateBasisPoints < 0 || rateBasisPoints > basisPointsPerWhole) {
    throw new Error(`rateBasisPoints must be an integer in 0..10000, got ${rateBasisPoints}`);
  }
  return Number((BigInt(amountCents) * BigInt(rateBasisPoints)) / BigInt(basisPointsPerWhole));
}

/** floor(totalCents × partCents / wholeCents), the share of `totalCents` that `part / whole` names. */
export function proportionOfCents(totalCents: number, partCents: number, wholeCents: number): number {
  assertCents(totalCents, 'totalCents');
  assertCents(partCents, 'partCents');
  assertCents(wholeCents, 'wholeCents');
  if (totalCents < 0 || partCents < 0 || wholeCents <= 0) {
    throw new Error('proportionOfCents needs totalCents ≥ 0, partCents ≥ 0 and wholeCents > 0');
  }
  return Number((BigInt(totalCents) * BigInt(partCents)) / BigInt(wholeCents));
}
