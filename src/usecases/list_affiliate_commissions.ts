import type { Context } from '../context.js';
import type { CommissionState } from '../domain/commissions/commission_state.js';
import type { CommissionTier } from '../domain/commissions/tiers.js';
import { AppError, notFound } from '../domain/errors.js';
import { loadAffiliateCommissions } from '../storage/commissions.js';

export const commissionsPageSizeMax = 500;

export interface CommissionView {
  id: string;
  teamId: string;
  tier: CommissionTier;
  state: CommissionState;
  amountCents: number;
  cappedCents: number;
  reversedCents: number;
  remainingCents: number;
  rateBasisPoints: number | null;
  invoiceId: string | null;
  invoiceAmountCents: number | null;
  cause: string;
  earnedAt: string;
  createdAt: string;
  vestedAt: string | null;
  eligibleAt: string | null;
  availableAt: string | null;
  reversedAt: string | null;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** An affiliate's commissions, newest first, a page at a time (`cursor` from the previous page). */
export async function listAffiliateCommissions(
  context: Context,
  input: { affiliateId: string; limit: number; cursor?: string | undefined },
): Promise<{ commissions: CommissionView[]; nextCursor: string | null }> {
  const found = await context.db.query('SELECT 1 FROM affiliates WHERE id = $1', [input.affiliateId]);
  if (found.length === 0) throw notFound('affiliate', input.affiliateId);
  const limit = Math.min(Math.max(1, input.limit), commissionsPageSizeMax);
  const rows = await loadAffiliateCommissions(context.db, {
    affiliateId: input.affiliateId,
    limit,
    after: input.cursor === undefined ? undefined : decodeCursor(input.cursor),
  });
  const commissions = rows.map((row) => ({
    id: row.id,
    teamId: row.teamId,
    tier: row.tier,
    state: row.status.state,
    amountCents: row.amountCents,
    cappedCents: row.cappedCents,
    reversedCents: row.status.reversedCents,
    remainingCents: row.status.remainingCents,
    rateBasisPoints: row.rateBasisPoints,
    invoiceId: row.invoiceId,
    invoiceAmountCents: row.invoiceAmountCents,
    cause: row.cause,
    earnedAt: row.earnedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    vestedAt: iso(row.status.vestedAt),
    eligibleAt: iso(row.status.eligibleAt),
    availableAt: iso(row.status.availableAt),
    reversedAt: iso(row.status.reversedAt),
  }));
  const last = rows[rows.length - 1];
  const nextCursor = rows.length === limit && last ? encodeCursor(last.createdAt, last.id) : null;
  return { commissions, nextCursor };
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(String(createdAt));
    if (typeof id !== 'string' || typeof createdAt !== 'string' || Number.isNaN(date.getTime()))
      throw new Error();
    return { createdAt: date, id };
  } catch {
    throw new AppError('validation_failed', 'cursor is not one this endpoint returned', {
      path: 'querystring.cursor',
    });
  }
}
