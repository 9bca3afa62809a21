import type { Context } from '../app/context.js';
import { affiliateExists } from '../partners/storage/affiliates.js';
import { notFound } from '../platform/rules/errors.js';
import { loadEventTimesOfTeams } from '../referrals/storage/referral_events.js';
import { loadAffiliateReferredTeamsPage } from '../referrals/storage/teams.js';
import { decodeCursor, encodeCursor } from './page_cursor.js';
import { type AffiliateReferral, affiliateReferralView } from './rules/referral_view.js';

export const referralStatuses = ['signed_up', 'activated', 'paid', 'sustained', 'churned'] as const;
export type ReferralStatus = (typeof referralStatuses)[number];

/** The affiliate's attributed teams, newest signup first, in keyset pages, optionally by status. */
export async function listAffiliateReferrals(
  context: Context,
  input: {
    affiliateId: string;
    limit: number;
    cursor?: string | undefined;
    status?: ReferralStatus | undefined;
  },
): Promise<{ referrals: AffiliateReferral[]; nextCursor: string | null }> {
  if (!(await affiliateExists(context.db, input.affiliateId))) throw notFound('affiliate', input.affiliateId);
  const after = input.cursor === undefined ? null : decodeCursor(input.cursor);
  const teams = await loadAffiliateReferredTeamsPage(context.db, {
    affiliateId: input.affiliateId,
    status: input.status ?? null,
    after,
    teamsMax: input.limit + 1,
  });
  const page = teams.slice(0, input.limit);
  const stageTimes = await loadEventTimesOfTeams(
    context.db,
    page.map((team) => team.id),
  );
  const last = page[page.length - 1];
  return {
    referrals: page.map(({ id, ...team }) =>
      affiliateReferralView(
        { teamId: id, ...team, stageTimes: stageTimes.get(id) ?? new Map() },
        input.affiliateId,
      ),
    ),
    nextCursor:
      teams.length > input.limit && last ? encodeCursor({ at: last.signedUpAt, id: last.id }) : null,
  };
}
