import type { Queryable } from '../../platform/db/database.js';
import type { ReferralSource } from '../rules/attribution.js';

/** An attributed team (rejected ones included) with the status of the affiliate it is attributed to. */
export interface AttributedTeam {
  id: string;
  affiliateId: string;
  source: ReferralSource | null;
  status: string;
  /** The email domain the team signed up with ('' when a hand-off recorded it first without one). */
  emailDomain: string;
  signedUpAt: Date;
  affiliateStatus: string;
}

/** Where a page of `loadAttributedTeamsPage` ends: the next one starts after it. */
export interface AttributedTeamsCursor {
  affiliateId: string;
  teamId: string;
}

/**
 * One keyset page of every attributed team, ordered by affiliate and then team id, after `after`:
 * an affiliate's teams come together, so its shared caps can be replayed once all are read.
 */
export async function loadAttributedTeamsPage(
  db: Queryable,
  page: { after: AttributedTeamsCursor | null; teamsMax: number },
): Promise<AttributedTeam[]> {
  const rows = await db.query<{
    id: string;
    affiliate_id: string;
    source: ReferralSource | null;
    status: string;
    email_domain: string;
    signed_up_at: Date;
    affiliate_status: string;
  }>(
    `SELECT t.id, t.affiliate_id, t.source, t.status, t.email_domain, t.signed_up_at, a.status AS affiliate_status
       FROM teams t JOIN affiliates a ON a.id = t.affiliate_id
      WHERE t.affiliate_id IS NOT NULL
        AND ($1::text IS NULL OR (t.affiliate_id, t.id) > ($1::text, $2::text))
      ORDER BY t.affiliate_id, t.id LIMIT $3`,
    [page.after?.affiliateId ?? null, page.after?.teamId ?? null, page.teamsMax],
  );
  return rows.map((row) => ({
    id: row.id,
    affiliateId: row.affiliate_id,
    source: row.source,
    status: row.status,
    emailDomain: row.email_domain,
    signedUpAt: row.signed_up_at,
    affiliateStatus: row.affiliate_status,
  }));
}
