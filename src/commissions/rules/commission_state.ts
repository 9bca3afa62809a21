import type { CommissionMoneyState, TransferKind } from '../../ledger/rules/ledger.js';

/**
 * A commission's state is never stored: it is the fold of the ledger transfers that carry its id.
 * `capped` is a commission the cap cut to zero (recorded, never posted); `reversed` one whose
 * whole amount was taken back. A partly reversed commission keeps its state with less remaining.
 */
export type CommissionState = CommissionMoneyState | 'reversed' | 'capped';

export interface CommissionMovement {
  kind: TransferKind;
  /** The amount the transfer moved for this commission (the sum of its positive entries). */
  movedCents: number;
  createdAt: Date;
}

export interface CommissionStatus {
  state: CommissionState;
  amountCents: number;
  reversedCents: number;
  remainingCents: number;
  createdAt: Date | null;
  vestedAt: Date | null;
  eligibleAt: Date | null;
  availableAt: Date | null;
  reversedAt: Date | null;
}

const stateAfter: Partial<Record<TransferKind, CommissionMoneyState>> = {
  commission_created: 'pending',
  commission_vested: 'vested',
  commission_eligible: 'eligible',
  commission_released: 'available',
};

/** Folds the commission's transfers in the order they were posted. */
export function commissionStatus(
  amountCents: number,
  movements: readonly CommissionMovement[],
): CommissionStatus {
  const status: CommissionStatus = {
    state: amountCents === 0 ? 'capped' : 'pending',
    amountCents,
    reversedCents: 0,
    remainingCents: amountCents,
    createdAt: null,
    vestedAt: null,
    eligibleAt: null,
    availableAt: null,
    reversedAt: null,
  };
  for (const movement of movements) {
    const next = stateAfter[movement.kind];
    if (next) status.state = next;
    if (movement.kind === 'commission_created') status.createdAt = movement.createdAt;
    if (movement.kind === 'commission_vested') status.vestedAt = movement.createdAt;
    if (movement.kind === 'commission_eligible') status.eligibleAt = movement.createdAt;
    if (movement.kind === 'commission_released') status.availableAt = movement.createdAt;
    if (movement.kind === 'commission_reversed') {
      status.reversedCents += movement.movedCents;
      status.reversedAt = movement.createdAt;
    }
  }
  status.remainingCents = amountCents - status.reversedCents;
  if (amountCents > 0 && status.remainingCents <= 0) status.state = 'reversed';
  return status;
}

/**
 * What a team's lifecycle does to its commissions: once it paid they vest, once it is sustained
 * they become eligible (which vests on the way). Null before it paid.
 */
export function commissionStepForStages(reached: ReadonlySet<string>): 'make_eligible' | 'vest' | null {
  if (reached.has('sustained')) return 'make_eligible';
  if (reached.has('paid')) return 'vest';
  return null;
}
