import type { Context } from '../app/context.js';
import { AppError, notFound } from '../platform/rules/errors.js';
import type { PayoutState } from './rules/payouts.js';
import { type Payout, payoutColumns, queryPayouts } from './storage/payouts.js';

export const payoutsPageSizeMax = 500;

export interface ListPayoutsInput {
  affiliateId?: string | undefined;
  state?: PayoutState | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Payouts newest first, in keyset pages; the cursor is opaque to clients. */
export async function listPayouts(
  context: Context,
  input: ListPayoutsInput,
): Promise<{ payouts: Payout[]; nextCursor: string | null }> {
  if (input.affiliateId !== undefined) {
    const found = await context.db.query('SELECT 1 FROM affiliates WHERE id = $1', [input.affiliateId]);
    if (found.length === 0) throw notFound('affiliate', input.affiliateId);
  }
  const before = input.cursor === undefined ? null : decodeCursor(input.cursor);
  const limit = Math.min(Math.max(1, input.limit), payoutsPageSizeMax);
  const payouts = await queryPayouts(
    context.db,
    `SELECT ${payoutColumns} FROM payouts
      WHERE ($1::text IS NULL OR affiliate_id = $1) AND ($2::text IS NULL OR state = $2)
        AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::text))
      ORDER BY created_at DESC, id DESC LIMIT $5`,
    [
      input.affiliateId ?? null,
      input.state ?? null,
      before?.createdAt ?? null,
      before?.id ?? null,
      limit + 1,
    ],
  );
  const page = payouts.slice(0, limit);
  const last = page[page.length - 1];
  return {
    payouts: page,
    nextCursor: payouts.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [time, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const createdAt = new Date(String(time));
    if (typeof id === 'string' && typeof time === 'string' && !Number.isNaN(createdAt.getTime())) {
      return { createdAt, id };
    }
  } catch {
    // fall through to the refusal below
  }
  throw new AppError('validation_failed', 'cursor is not one this API returned', { path: 'cursor' });
}
