import type { Queryable } from '../../platform/db/database.js';
import { isLegalPayoutMove, type PayoutMove, payoutMovesInto } from '../rules/payout_states.js';
import { payoutReleasedToRailSql } from './payout_runs.js';
import { type Payout, payoutColumns, queryPayouts } from './payouts.js';

/**
 * One payout by id, or every CSV payout of runs as of `asOfAtMost` or earlier (null: all) that its
 * run lets go to the rail (not awaiting approval, not cancelled).
 */
export type PayoutMoveTarget = { payoutId: string } | { asOfAtMost: Date | null };

export interface PayoutMoveDetails {
  at: Date;
  /** paid: the rail's transfer id, kept when absent. */
  transferId?: string | null | undefined;
  /** paid: the reference finance gave, kept when absent. */
  reference?: string | null | undefined;
  /** failed: why, in the rail's words. */
  failureReason?: string | undefined;
  /** failed: the rail's message. */
  lastError?: string | undefined;
}

const errorTextMax = 1_000;

/** The columns each destination state sets besides `state`; `param` numbers a value. */
function columnsSetBy(
  to: PayoutMove['to'],
  details: PayoutMoveDetails,
  param: (value: unknown) => string,
): string {
  const at = param(details.at);
  switch (to) {
    case 'created':
      return `updated_at = ${at}`;
    case 'sending':
      return `attempts = attempts + 1, sent_at = coalesce(sent_at, ${at}), updated_at = ${at}`;
    case 'in_transit':
      return `sent_at = ${at}, updated_at = ${at}`;
    case 'paid':
      return `provider_transfer_id = coalesce(${param(details.transferId ?? null)}::text, provider_transfer_id),
              reference = coalesce(${param(details.reference ?? null)}::text, reference),
              paid_at = ${at}, updated_at = ${at}, last_error = NULL`;
    case 'failed':
      return `failure_reason = ${param(details.failureReason ?? null)}::text,
              last_error = ${param(details.lastError?.slice(0, errorTextMax) ?? null)}::text,
              failed_at = ${at}, updated_at = ${at}`;
  }
}

/**
 * Writes decided payout moves, all into one state on one rail: every payout of the target that is
 * still in one of the moves' `from` states moves, and the moved payouts come back. The WHERE on the
 * expected state means two runners cannot both move the same payout; one that finds it moved gets
 * nothing back. An illegal move is a bug and throws before anything is written. The ledger
 * transfer that goes with a move (`move.ledger`) is the caller's, in the same transaction.
 */
export async function movePayouts(
  tx: Queryable,
  target: PayoutMoveTarget,
  moves: readonly PayoutMove[],
  details: PayoutMoveDetails,
): Promise<Payout[]> {
  const [first] = moves;
  if (!first) throw new Error('movePayouts needs at least one move');
  for (const move of moves) {
    if (!isLegalPayoutMove(move) || move.to !== first.to || move.provider !== first.provider) {
      throw new Error(`illegal payout move ${move.from} → ${move.to} on ${move.provider}`);
    }
  }
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const columns = columnsSetBy(first.to, details, param);
  const where =
    'payoutId' in target
      ? `id = ${param(target.payoutId)}`
      : `(${param(target.asOfAtMost)}::timestamptz IS NULL OR as_of <= ${param(target.asOfAtMost)})
         AND ${payoutReleasedToRailSql('payouts')}`;
  return queryPayouts(
    tx,
    `UPDATE payouts SET state = ${param(first.to)}, ${columns}
      WHERE provider = ${param(first.provider)} AND state = ANY(${param(moves.map((move) => move.from))}::text[])
        AND ${where}
      RETURNING ${payoutColumns}`,
    params,
  );
}

/**
 * Keeps the last error of an attempt that left a Stripe payout in flight (no state changes), while
 * another attempt may still move it.
 */
export async function notePayoutError(
  tx: Queryable,
  payoutId: string,
  text: string,
  at: Date,
): Promise<void> {
  await tx.query(
    `UPDATE payouts SET last_error = $2, updated_at = $3
      WHERE id = $1 AND provider = 'stripe' AND state = ANY($4::text[])`,
    [
      payoutId,
      text.slice(0, errorTextMax),
      at,
      payoutMovesInto('sending', 'stripe').map((move) => move.from),
    ],
  );
}

/** A paid payout's rail reports money returned (cumulative, cents); the ledger posting is the caller's. */
export async function recordPayoutReturnedCents(
  tx: Queryable,
  payoutId: string,
  reversedTotalCents: number,
  at: Date,
): Promise<void> {
  const rows = await tx.query(
    `UPDATE payouts SET reversed_cents = $2, updated_at = $3 WHERE id = $1 AND state = 'paid' RETURNING id`,
    [payoutId, reversedTotalCents, at],
  );
  if (rows.length !== 1) throw new Error(`payout ${payoutId} is not paid: money cannot come back from it`);
}
