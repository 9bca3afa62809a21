import type { Context } from '../app/context.js';
import { affiliateExists } from '../partners/storage/affiliates.js';
import { AppError, notFound } from '../platform/rules/errors.js';
import type { PayoutState } from './rules/payouts.js';
import { listPayoutsNewestFirst, type Payout } from './storage/payouts.js';

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
    if (!(await affiliateExists(context.db, input.affiliateId)))
      throw notFound('affiliate', input.affiliateId);
  }
  const before = input.cursor === undefined ? null : decodeCursor(input.cursor);
  const limit = Math.min(Math.max(1, input.limit), payoutsPageSizeMax);
  const payouts = await listPayoutsNewestFirst(context.db, {
    affiliateId: input.affiliateId ?? null,
    state: input.state ?? null,
    before,
    rowsMax: limit + 1,
  });
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
