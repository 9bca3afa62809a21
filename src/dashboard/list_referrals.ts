import type { Context } from '../app/context.js';
import { notFound } from '../platform/rules/errors.js';
import type { AttributionEvidence } from '../referrals/rules/attribution.js';
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
  const found = await context.db.query('SELECT 1 FROM affiliates WHERE id = $1', [input.affiliateId]);
  if (found.length === 0) throw notFound('affiliate', input.affiliateId);
  const after = input.cursor === undefined ? null : decodeCursor(input.cursor);
  const rows = await context.db.query<{
    id: string;
    email: string;
    status: string;
    source: string | null;
    rule: string | null;
    link_id: string | null;
    code: string | null;
    tag: string | null;
    click_id: string | null;
    signed_up_at: Date;
    evidence: Partial<AttributionEvidence>;
  }>(
    `SELECT t.id, t.email, t.status, t.source, t.rule, t.link_id, l.code, t.tag, t.click_id, t.signed_up_at,
            t.evidence
       FROM teams t LEFT JOIN links l ON l.id = t.link_id
      WHERE t.affiliate_id = $1 AND t.rule IS NOT NULL AND ($2::text IS NULL OR t.status = $2)
        AND ($3::timestamptz IS NULL OR (t.signed_up_at, t.id) < ($3::timestamptz, $4::text))
      ORDER BY t.signed_up_at DESC, t.id DESC LIMIT $5`,
    [input.affiliateId, input.status ?? null, after?.at ?? null, after?.id ?? null, input.limit + 1],
  );
  const page = rows.slice(0, input.limit);
  const events = await context.db.query<{ team_id: string; type: string; occurred_at: Date }>(
    'SELECT team_id, type, occurred_at FROM referral_events WHERE team_id = ANY($1::text[])',
    [page.map((row) => row.id)],
  );
  const stageTimes = new Map<string, Map<string, Date>>();
  for (const event of events) {
    const times = stageTimes.get(event.team_id) ?? new Map<string, Date>();
    times.set(event.type, event.occurred_at);
    stageTimes.set(event.team_id, times);
  }
  const last = page[page.length - 1];
  return {
    referrals: page.map((row) =>
      affiliateReferralView(
        {
          teamId: row.id,
          email: row.email,
          status: row.status,
          source: row.source,
          rule: row.rule,
          linkId: row.link_id,
          linkCode: row.code,
          tag: row.tag,
          clickId: row.click_id,
          signedUpAt: row.signed_up_at,
          evidence: row.evidence,
          stageTimes: stageTimes.get(row.id) ?? new Map(),
        },
        input.affiliateId,
      ),
    ),
    nextCursor:
      rows.length > input.limit && last ? encodeCursor({ at: last.signed_up_at, id: last.id }) : null,
  };
}
