import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { listPayoutRunsNewestFirst, type PayoutRunWithTotals } from './storage/payout_runs.js';

export const payoutRunsPageSizeMax = 200;

/** Payout runs newest first (by as-of) with their totals, in keyset pages; the cursor is opaque. */
export async function listPayoutRuns(
  context: Context,
  input: { limit: number; cursor?: string | undefined },
): Promise<{ runs: PayoutRunWithTotals[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(1, input.limit), payoutRunsPageSizeMax);
  const before = input.cursor === undefined ? null : decodeCursor(input.cursor);
  const runs = await listPayoutRunsNewestFirst(context.db, { before, rowsMax: limit + 1 });
  const page = runs.slice(0, limit);
  const last = page[page.length - 1];
  return {
    runs: page,
    nextCursor:
      runs.length > limit && last
        ? Buffer.from(JSON.stringify([last.asOf.toISOString(), last.id])).toString('base64url')
        : null,
  };
}

function decodeCursor(cursor: string): { asOf: Date; id: string } {
  try {
    const [time, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const asOf = new Date(String(time));
    if (typeof id === 'string' && typeof time === 'string' && !Number.isNaN(asOf.getTime()))
      return { asOf, id };
  } catch {
    // fall through to the refusal below
  }
  throw new AppError('validation_failed', 'cursor is not one this API returned', { path: 'cursor' });
}
