import type { Context } from '../app/context.js';
import { expectedAvailableAt } from '../dashboard/expected_availability.js';
import { affiliateExists } from '../partners/storage/affiliates.js';
import { AppError, notFound } from '../platform/rules/errors.js';
import { loadTeamPaidTimes } from '../referrals/storage/referral_events.js';
import type { CommissionState } from './rules/commission_state.js';
import type { CommissionTier } from './rules/tiers.js';
import { type CommissionWithStatus, loadAffiliateCommissions } from './storage/commissions.js';

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
  expectedAvailableAt: string | null;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** Rows read at most to fill one page filtered by state, so a rare state cannot make a request scan all. */
export const commissionsScannedMax = 5_000;

/**
 * An affiliate's commissions, newest first, a page at a time (`cursor` from the previous page),
 * optionally only those in one state, each with the date it is expected to become available.
 * With a state filter a page may come back short with a cursor: the scan bound was reached.
 */
export async function listAffiliateCommissions(
  context: Context,
  input: {
    affiliateId: string;
    limit: number;
    cursor?: string | undefined;
    state?: CommissionState | undefined;
  },
): Promise<{ commissions: CommissionView[]; nextCursor: string | null }> {
  if (!(await affiliateExists(context.db, input.affiliateId))) throw notFound('affiliate', input.affiliateId);
  const limit = Math.min(Math.max(1, input.limit), commissionsPageSizeMax);
  let after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
  const picked: CommissionWithStatus[] = [];
  let scanned = 0;
  let more = true;
  while (picked.length < limit && scanned < commissionsScannedMax && more) {
    const rows = await loadAffiliateCommissions(context.db, { affiliateId: input.affiliateId, limit, after });
    scanned += rows.length;
    more = rows.length === limit;
    for (const row of rows) {
      after = { createdAt: row.createdAt, id: row.id };
      if (input.state !== undefined && row.status.state !== input.state) continue;
      picked.push(row);
      if (picked.length === limit) break;
    }
  }
  const paidAt = await loadTeamPaidTimes(context.db, [...new Set(picked.map((row) => row.teamId))]);
  const commissions = picked.map((row) => ({
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
    expectedAvailableAt: iso(expectedAvailabilityOf(context, row, paidAt.get(row.teamId) ?? null)),
  }));
  const stoppedEarly = picked.length === limit || (more && scanned >= commissionsScannedMax);
  return { commissions, nextCursor: stoppedEarly && after ? encodeCursor(after.createdAt, after.id) : null };
}

function expectedAvailabilityOf(context: Context, row: CommissionWithStatus, teamPaidAt: Date | null) {
  const eligibleFrom = row.status.eligibleAt ?? teamPaidAt ?? context.clock.now();
  return expectedAvailableAt({
    status: row.status,
    teamPaidAt,
    sustainedDays: context.settings.at(teamPaidAt ?? context.clock.now()).sustainedDays,
    payoutDelayDays: context.settings.at(eligibleFrom).payoutDelayDays,
  });
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
