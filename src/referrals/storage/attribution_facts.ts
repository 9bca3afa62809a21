import type { Queryable } from '../../platform/db/database.js';
import type { ClickFact, DomainClaimFact, DomainTeamFact, ReferralSource } from '../rules/attribution.js';

/** Reads of clicks, claims and earlier teams that attribution decides on; each joined with its affiliate. */

/** Bound on the clicks of one visitor considered for the first-click model. */
export const visitorClicksMax = 100;

interface ClickRow {
  id: string;
  link_id: string;
  affiliate_id: string;
  click_tag: string | null;
  link_tag: string | null;
  visitor_hash: string;
  counted: boolean;
  occurred_at: Date;
  affiliate_email: string;
  affiliate_email_domain: string;
}

const clickColumns = `c.id, c.link_id, c.affiliate_id, c.tag AS click_tag, l.tag AS link_tag, c.visitor_hash,
  c.counted, c.occurred_at, a.email AS affiliate_email, a.email_domain AS affiliate_email_domain
  FROM clicks c JOIN links l ON l.id = c.link_id JOIN affiliates a ON a.id = c.affiliate_id`;

function toClickFact(row: ClickRow): ClickFact & { visitorHash: string } {
  return {
    id: row.id,
    linkId: row.link_id,
    affiliateId: row.affiliate_id,
    affiliateEmail: row.affiliate_email,
    affiliateEmailDomain: row.affiliate_email_domain,
    clickTag: row.click_tag,
    linkTag: row.link_tag,
    visitorHash: row.visitor_hash,
    counted: row.counted,
    occurredAt: row.occurred_at,
  };
}

export async function loadClickFact(
  db: Queryable,
  clickId: string,
): Promise<(ClickFact & { visitorHash: string }) | null> {
  const rows = await db.query<ClickRow>(`SELECT ${clickColumns} WHERE c.id = $1`, [clickId]);
  return rows[0] ? toClickFact(rows[0]) : null;
}

/** Counted clicks of one visitor between two times, earliest first. */
export async function loadVisitorClickFacts(
  db: Queryable,
  visitorHash: string,
  from: Date,
  to: Date,
): Promise<ClickFact[]> {
  const rows = await db.query<ClickRow>(
    `SELECT ${clickColumns}
      WHERE c.visitor_hash = $1 AND c.counted AND c.occurred_at >= $2 AND c.occurred_at <= $3
      ORDER BY c.occurred_at, c.id LIMIT ${visitorClicksMax}`,
    [visitorHash, from, to],
  );
  return rows.map(toClickFact);
}

export async function loadDomainClaimFact(db: Queryable, domain: string): Promise<DomainClaimFact | null> {
  const rows = await db.query<{
    domain: string;
    affiliate_id: string;
    created_at: Date;
    email: string;
    email_domain: string;
  }>(
    `SELECT c.domain, c.affiliate_id, c.created_at, a.email, a.email_domain
       FROM domain_claims c JOIN affiliates a ON a.id = c.affiliate_id WHERE c.domain = $1`,
    [domain],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    domain: row.domain,
    claimedAt: row.created_at,
    affiliateId: row.affiliate_id,
    affiliateEmail: row.email,
    affiliateEmailDomain: row.email_domain,
  };
}

/**
 * Click-attributed, not rejected teams of a domain that signed up by `signupAt`: the latest one
 * of any age (to explain an expired match) and the earliest and latest inside the window.
 */
export async function loadDomainTeamFacts(
  db: Queryable,
  domain: string,
  windowStart: Date,
  signupAt: Date,
): Promise<DomainTeamFact[]> {
  const rows = await db.query<{
    id: string;
    source: ReferralSource;
    link_id: string | null;
    tag: string | null;
    signed_up_at: Date;
    affiliate_id: string;
    email: string;
    email_domain: string;
  }>(
    `WITH anchors AS (
       SELECT * FROM teams
        WHERE email_domain = $1 AND rule = 'click' AND status <> 'rejected' AND signed_up_at <= $3
     ), picked AS (
       (SELECT id FROM anchors ORDER BY signed_up_at DESC, id DESC LIMIT 1)
       UNION
       (SELECT id FROM anchors WHERE signed_up_at >= $2 ORDER BY signed_up_at, id LIMIT 1)
     )
     SELECT t.id, t.source, t.link_id, t.tag, t.signed_up_at, t.affiliate_id, a.email, a.email_domain
       FROM anchors t JOIN picked p ON p.id = t.id JOIN affiliates a ON a.id = t.affiliate_id`,
    [domain, windowStart, signupAt],
  );
  return rows.map((row) => ({
    teamId: row.id,
    source: row.source,
    linkId: row.link_id,
    tag: row.tag,
    signedUpAt: row.signed_up_at,
    affiliateId: row.affiliate_id,
    affiliateEmail: row.email,
    affiliateEmailDomain: row.email_domain,
  }));
}
