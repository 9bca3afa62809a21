import type { Queryable } from '../../platform/db/database.js';
import type { AttributionEvidence, ReferralSource, TeamAttributionRule } from '../rules/attribution.js';
import { type LifecycleStatus, unreferredStatuses } from '../rules/lifecycle.js';
import { referredTeamSql } from './referred_team_sql.js';

/** The `teams` table: one row per team that signed up, its attribution and cached lifecycle status. */

export interface TeamRow {
  id: string;
  status: LifecycleStatus;
  affiliate_id: string | null;
  source: ReferralSource | null;
  rule: TeamAttributionRule | null;
  tag: string | null;
  link_id: string | null;
  click_id: string | null;
  email_domain: string;
  members: number;
  signed_up_at: Date;
  evidence: Record<string, unknown>;
}

export async function loadTeam(db: Queryable, teamId: string): Promise<TeamRow | null> {
  const rows = await db.query<TeamRow>(
    `SELECT id, status, affiliate_id, source, rule, tag, link_id, click_id, email_domain, members,
            signed_up_at, evidence
       FROM teams WHERE id = $1`,
    [teamId],
  );
  return rows[0] ?? null;
}

export interface TeamAttribution {
  affiliateId: string | null;
  rule: TeamAttributionRule | null;
}

/** Who a recorded team was attributed to and by which rule; null when the team never signed up. */
export async function loadTeamAttribution(db: Queryable, teamId: string): Promise<TeamAttribution | null> {
  const rows = await db.query<{ affiliate_id: string | null; rule: TeamAttributionRule | null }>(
    'SELECT affiliate_id, rule FROM teams WHERE id = $1',
    [teamId],
  );
  const row = rows[0];
  return row ? { affiliateId: row.affiliate_id, rule: row.rule } : null;
}

export interface TeamReferrer {
  affiliateId: string | null;
  linkId: string | null;
  tag: string | null;
  source: string | null;
}

/** The affiliate, link, tag and source a team came through; null when the team never signed up. */
export async function loadTeamReferrer(db: Queryable, teamId: string): Promise<TeamReferrer | null> {
  const [team] = await db.query<{
    affiliate_id: string | null;
    link_id: string | null;
    tag: string | null;
    source: string | null;
  }>('SELECT affiliate_id, link_id, tag, source FROM teams WHERE id = $1', [teamId]);
  if (!team) return null;
  return { affiliateId: team.affiliate_id, linkId: team.link_id, tag: team.tag, source: team.source };
}

export interface NewTeam {
  id: string;
  email: string;
  emailDomain: string;
  affiliateId: string | null;
  linkId: string | null;
  clickId: string | null;
  tag: string | null;
  source: ReferralSource | null;
  rule: TeamAttributionRule | null;
  evidence: AttributionEvidence | Record<string, unknown>;
  signedUpAt: Date;
  createdAt: Date;
}

/** Inserts a team as `signed_up`; false when a team with its id is already recorded. */
export async function insertTeam(tx: Queryable, team: NewTeam): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO teams (id, email, email_domain, affiliate_id, link_id, click_id, tag, source, rule, status,
                        evidence, signed_up_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'signed_up', $10, $11, $12)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      team.id,
      team.email,
      team.emailDomain,
      team.affiliateId,
      team.linkId,
      team.clickId,
      team.tag,
      team.source,
      team.rule,
      JSON.stringify(team.evidence),
      team.signedUpAt,
      team.createdAt,
    ],
  );
  return rows.length === 1;
}

/** Locks a team's row for the rest of the transaction; false when the team never signed up. */
export async function lockTeam(tx: Queryable, teamId: string): Promise<boolean> {
  const rows = await tx.query('SELECT 1 FROM teams WHERE id = $1 FOR UPDATE', [teamId]);
  return rows.length > 0;
}

/** Sets `teams.members` to the team's latest size report (by occurredAt) and returns it. */
export async function setTeamMembersToLatestReport(tx: Queryable, teamId: string): Promise<number> {
  const [row] = await tx.query<{ members: number }>(
    `UPDATE teams SET members = (
       SELECT members FROM team_member_counts WHERE team_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 1
     ) WHERE id = $1 RETURNING members`,
    [teamId],
  );
  return row!.members;
}

/** Records when a team activated, once: a later activation time never overwrites the first. */
export async function setTeamActivatedAt(tx: Queryable, teamId: string, activatedAt: Date): Promise<void> {
  await tx.query('UPDATE teams SET activated_at = $2 WHERE id = $1 AND activated_at IS NULL', [
    teamId,
    activatedAt,
  ]);
}

/** Referred teams still `signed_up` with an id after `afterTeamId`, in id order, at most `limit`. */
export async function loadSignedUpReferredTeamIds(
  db: Queryable,
  afterTeamId: string,
  limit: number,
): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM teams WHERE status = 'signed_up' AND affiliate_id IS NOT NULL AND id > $1
     ORDER BY id LIMIT $2`,
    [afterTeamId, limit],
  );
  return rows.map((row) => row.id);
}

export interface PaidTeam {
  teamId: string;
  paidAt: Date;
}

/** Teams still `paid` that paid before `paidBefore`, with an id after `afterTeamId`, in id order, at most `limit`. */
export async function loadPaidTeams(
  db: Queryable,
  afterTeamId: string,
  paidBefore: Date,
  limit: number,
): Promise<PaidTeam[]> {
  const rows = await db.query<{ id: string; paid_at: Date }>(
    `SELECT t.id, e.occurred_at AS paid_at
       FROM teams t JOIN referral_events e ON e.team_id = t.id AND e.type = 'paid'
      WHERE t.status = 'paid' AND t.id > $1 AND e.occurred_at < $2
      ORDER BY t.id LIMIT $3`,
    [afterTeamId, paidBefore, limit],
  );
  return rows.map((row) => ({ teamId: row.id, paidAt: row.paid_at }));
}

/** Whether a team with this id exists. */
export async function teamExists(db: Queryable, teamId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM teams WHERE id = $1', [teamId]);
  return rows.length > 0;
}

/** Of `teamIds`, those that exist, in id order. */
export async function existingTeamIds(db: Queryable, teamIds: readonly string[]): Promise<string[]> {
  const rows = await db.query<{ id: string }>('SELECT id FROM teams WHERE id = ANY($1) ORDER BY id', [
    teamIds,
  ]);
  return rows.map((row) => row.id);
}

/** The team's affiliate (null when nobody referred it); null when the team does not exist. */
export async function loadTeamAffiliate(
  db: Queryable,
  teamId: string,
): Promise<{ affiliateId: string | null } | null> {
  const rows = await db.query<{ affiliate_id: string | null }>(
    'SELECT affiliate_id FROM teams WHERE id = $1',
    [teamId],
  );
  const row = rows[0];
  return row ? { affiliateId: row.affiliate_id } : null;
}

export interface TeamReferral {
  affiliateId: string | null;
  source: ReferralSource | null;
  status: string;
  signedUpAt: Date;
}

/** The team's referral, its row locked until the transaction ends; null when it does not exist. */
export async function lockTeamReferral(tx: Queryable, teamId: string): Promise<TeamReferral | null> {
  const rows = await tx.query<{
    affiliate_id: string | null;
    source: ReferralSource | null;
    status: string;
    signed_up_at: Date;
  }>('SELECT affiliate_id, source, status, signed_up_at FROM teams WHERE id = $1 FOR UPDATE', [teamId]);
  const row = rows[0];
  if (!row) return null;
  return {
    affiliateId: row.affiliate_id,
    source: row.source,
    status: row.status,
    signedUpAt: row.signed_up_at,
  };
}

export interface TeamWithAffiliateStatus {
  id: string;
  affiliateId: string | null;
  source: ReferralSource | null;
  status: string;
  /** Null when nobody referred the team. */
  affiliateStatus: string | null;
}

/** The team with the status of the affiliate who referred it; null when it does not exist. */
export async function loadTeamWithAffiliateStatus(
  db: Queryable,
  teamId: string,
): Promise<TeamWithAffiliateStatus | null> {
  const rows = await db.query<{
    id: string;
    affiliate_id: string | null;
    source: ReferralSource | null;
    status: string;
    affiliate_status: string | null;
  }>(
    `SELECT t.id, t.affiliate_id, t.source, t.status, a.status AS affiliate_status
       FROM teams t LEFT JOIN affiliates a ON a.id = t.affiliate_id WHERE t.id = $1`,
    [teamId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    affiliateId: row.affiliate_id,
    source: row.source,
    status: row.status,
    affiliateStatus: row.affiliate_status,
  };
}

/**
 * A page, in id order after `afterTeamId`, of the teams created since `since` that are not yet
 * `paid` (still `signed_up` or `activated`) although a paid invoice is on file for them.
 */
export async function loadUnpaidTeamIdsWithPaidInvoice(
  db: Queryable,
  page: { since: Date; afterTeamId: string; limit: number },
): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT t.id FROM teams t
      WHERE t.created_at >= $1 AND t.id > $2 AND t.status IN ('signed_up', 'activated')
        AND EXISTS (SELECT 1 FROM team_billing_invoices i WHERE i.team_id = t.id AND i.amount_paid_cents > 0)
      ORDER BY t.id LIMIT $3`,
    [page.since, page.afterTeamId, page.limit],
  );
  return rows.map((row) => row.id);
}

/** An attributed team as its affiliate's list shows it, with its link's code. */
export interface AffiliateReferredTeam {
  id: string;
  email: string;
  status: string;
  source: string | null;
  rule: string | null;
  linkId: string | null;
  linkCode: string | null;
  tag: string | null;
  clickId: string | null;
  signedUpAt: Date;
  evidence: Partial<AttributionEvidence>;
}

/**
 * One keyset page of the affiliate's attributed teams, newest signup first (signup time, then id),
 * optionally only one status; `after` is the last team of the previous page.
 */
export async function loadAffiliateReferredTeamsPage(
  db: Queryable,
  page: {
    affiliateId: string;
    status: string | null;
    after: { at: Date; id: string } | null;
    teamsMax: number;
  },
): Promise<AffiliateReferredTeam[]> {
  const rows = await db.query<{
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
    [page.affiliateId, page.status, page.after?.at ?? null, page.after?.id ?? null, page.teamsMax],
  );
  return rows.map((row) => ({
    id: row.id,
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
  }));
}

/**
 * When a referred team (attributed, not rejected) first signed up with each of `emails` (normalized)
 * and with each of `domains`; emails and domains no referred team used are left out.
 */
export async function loadEarliestReferredSignups(
  db: Queryable,
  keys: { emails: readonly string[]; domains: readonly string[] },
): Promise<{ byEmail: Map<string, Date>; byDomain: Map<string, Date> }> {
  const rows = await db.query<{ kind: 'email' | 'domain'; key: string; first: Date }>(
    `SELECT 'email' AS kind, t.email AS key, min(t.signed_up_at) AS first FROM teams t
      WHERE t.email = ANY($1::text[]) AND t.rule IS NOT NULL AND ${referredTeamSql('t', '$3')}
      GROUP BY t.email
     UNION ALL
     SELECT 'domain', t.email_domain, min(t.signed_up_at) FROM teams t
      WHERE t.email_domain = ANY($2::text[]) AND t.rule IS NOT NULL AND ${referredTeamSql('t', '$3')}
      GROUP BY t.email_domain`,
    [keys.emails, keys.domains, unreferredStatuses],
  );
  const byEmail = new Map<string, Date>();
  const byDomain = new Map<string, Date>();
  for (const row of rows) (row.kind === 'email' ? byEmail : byDomain).set(row.key, row.first);
  return { byEmail, byDomain };
}
