import type { Queryable } from '../../platform/db/database.js';
import type {
  ClickFact,
  DomainClaimFact,
  DomainTeamFact,
  ReferralSource,
  TeamAttributionRule,
} from '../rules/attribution.js';
import type { TeamAttribution } from './teams.js';

/**
 * What attribution decides a signup on, read in one statement (a signup is a hot path and each
 * statement is a round trip): the team if it is already recorded, the click it names, that
 * visitor's counted clicks, earlier click-attributed teams of its email domain and the domain's
 * agency claim, each joined with its affiliate.
 */

/** Bound on the clicks of one visitor considered for the first-click model. */
export const visitorClicksMax = 100;

export interface SignupFactsQuery {
  teamId: string;
  clickId: string | null;
  emailDomain: string;
  /** Inclusive bounds of the cookie window. */
  windowStart: Date;
  signupAt: Date;
  /** Read the visitor's other clicks (the first-click model). */
  withVisitorClicks: boolean;
  /** Read earlier teams of the domain (a company domain). */
  withDomainTeams: boolean;
}

export interface SignupFacts {
  /** The team's attribution when it is already recorded. */
  known: TeamAttribution | null;
  click: ClickFact | null;
  /** Counted clicks of the click's visitor inside the window, earliest first. */
  visitorClicks: ClickFact[];
  /** The latest of any age and the earliest and latest inside the window (see `decideAttribution`). */
  domainTeams: DomainTeamFact[];
  agencyClaim: DomainClaimFact | null;
}

type FactKind = 'known' | 'click' | 'visitor_click' | 'domain_team' | 'claim';

interface FactRow {
  kind: FactKind;
  id: string;
  link_id: string | null;
  affiliate_id: string | null;
  tag: string | null;
  link_tag: string | null;
  counted: boolean | null;
  at: Date | null;
  source: string | null;
  affiliate_email: string | null;
  affiliate_email_domain: string | null;
}

const clickFields = `c.id, c.link_id, c.affiliate_id, c.tag, l.tag AS link_tag, c.visitor_hash, c.counted,
  c.occurred_at FROM clicks c JOIN links l ON l.id = c.link_id`;

/**
 * The statement for a query, with only the parts it needs (PGlite plans every statement anew, and
 * a part that cannot match still costs its planning).
 */
function signupFactsSql(query: SignupFactsQuery): string {
  const withVisitorClicks = query.withVisitorClicks && query.clickId !== null;
  const ctes = [`click AS (SELECT ${clickFields} WHERE c.id = $2)`];
  const facts = [
    `SELECT 'known' AS kind, id, NULL::text AS link_id, affiliate_id, NULL::text AS tag, NULL::text AS link_tag,
            NULL::boolean AS counted, NULL::timestamptz AS at, rule AS source, 0::int8 AS position
       FROM teams WHERE id = $1`,
    `SELECT 'click', id, link_id, affiliate_id, tag, link_tag, counted, occurred_at, NULL, 0 FROM click`,
    `SELECT 'claim', domain, NULL, affiliate_id, NULL, NULL, NULL, created_at, NULL, 0
       FROM domain_claims WHERE domain = $3`,
  ];
  if (withVisitorClicks) {
    ctes.push(`visitor_clicks AS (
      SELECT ${clickFields}
       WHERE c.visitor_hash = (SELECT visitor_hash FROM click) AND c.counted
         AND c.occurred_at >= $4 AND c.occurred_at <= $5
       ORDER BY c.occurred_at, c.id LIMIT ${visitorClicksMax})`);
    facts.push(`SELECT 'visitor_click', id, link_id, affiliate_id, tag, link_tag, counted, occurred_at, NULL,
                       row_number() OVER (ORDER BY occurred_at, id)
                  FROM visitor_clicks`);
  }
  if (query.withDomainTeams) {
    ctes.push(
      `anchors AS (
        SELECT id, source, link_id, tag, signed_up_at, affiliate_id FROM teams
         WHERE email_domain = $3 AND rule = 'click' AND status <> 'rejected' AND signed_up_at <= $5)`,
      `picked AS (
        (SELECT id FROM anchors ORDER BY signed_up_at DESC, id DESC LIMIT 1)
        UNION
        (SELECT id FROM anchors WHERE signed_up_at >= $4 ORDER BY signed_up_at, id LIMIT 1))`,
    );
    facts.push(`SELECT 'domain_team', t.id, t.link_id, t.affiliate_id, t.tag, NULL, NULL, t.signed_up_at, t.source, 0
                  FROM anchors t JOIN picked p ON p.id = t.id`);
  }
  // Every statement names all five parameters so that their types are always inferred.
  return `WITH ${ctes.join(', ')}, facts AS (${facts.join(' UNION ALL ')})
    SELECT f.kind, f.id, f.link_id, f.affiliate_id, f.tag, f.link_tag, f.counted, f.at, f.source,
           a.email AS affiliate_email, a.email_domain AS affiliate_email_domain
      FROM facts f LEFT JOIN affiliates a ON a.id = f.affiliate_id
     WHERE $4::timestamptz IS NOT NULL AND $5::timestamptz IS NOT NULL
     ORDER BY f.kind, f.position`;
}

export async function loadSignupFacts(db: Queryable, query: SignupFactsQuery): Promise<SignupFacts> {
  const rows = await db.query<FactRow>(signupFactsSql(query), [
    query.teamId,
    query.clickId,
    query.emailDomain,
    query.windowStart,
    query.signupAt,
  ]);
  const facts: SignupFacts = {
    known: null,
    click: null,
    visitorClicks: [],
    domainTeams: [],
    agencyClaim: null,
  };
  for (const row of rows) {
    if (row.kind === 'known') {
      facts.known = { affiliateId: row.affiliate_id, rule: row.source as TeamAttributionRule | null };
    } else if (row.kind === 'click') {
      facts.click = toClickFact(row);
    } else if (row.kind === 'visitor_click') {
      facts.visitorClicks.push(toClickFact(row));
    } else if (row.kind === 'domain_team') {
      facts.domainTeams.push({
        teamId: row.id,
        source: row.source as ReferralSource,
        linkId: row.link_id,
        tag: row.tag,
        signedUpAt: row.at!,
        ...referrerOf(row),
      });
    } else {
      facts.agencyClaim = { domain: row.id, claimedAt: row.at!, ...referrerOf(row) };
    }
  }
  return facts;
}

function referrerOf(row: FactRow): {
  affiliateId: string;
  affiliateEmail: string;
  affiliateEmailDomain: string;
} {
  return {
    affiliateId: row.affiliate_id!,
    affiliateEmail: row.affiliate_email!,
    affiliateEmailDomain: row.affiliate_email_domain!,
  };
}

function toClickFact(row: FactRow): ClickFact {
  return {
    id: row.id,
    linkId: row.link_id!,
    clickTag: row.tag,
    linkTag: row.link_tag,
    counted: row.counted!,
    occurredAt: row.at!,
    ...referrerOf(row),
  };
}
