import { endedSubscriptionStatuses, liveSubscriptionStatuses } from '../../billing/rules/billing.js';
import type { Queryable } from '../../platform/db/database.js';
import { commissionIdSql, commissionReversalTransferIdSql } from '../../platform/db/embedded_id_sql.js';
import { unreferredStatuses } from '../../referrals/rules/lifecycle.js';
import { referredTeamSql } from '../../referrals/storage/referred_team_sql.js';
import {
  type CapHit,
  capHitsListedMax,
  type MismatchKind,
  mismatchKinds,
  mismatchSampleSizeMax,
  type RevenueShareWindowVersion,
  referralSourceRules,
} from '../rules/reconciliation.js';
import { defaultReferralSource } from '../rules/tiers.js';

/**
 * Set-based reads of reconciliation: each statement covers every referred team at once, so the
 * run grows with the population in a few scans, and per-team work is left for the exceptions.
 * "Referred" = referred by `isReferredTeam` (its statuses bound to `statusesParameter`) and
 * signed up before the month's end (`$1`).
 */
const referredSql = (team: string, statusesParameter: string) =>
  `${referredTeamSql(team, statusesParameter)} AND ${team}.signed_up_at < $1`;

/** For the rest of the transaction: plans compiled without JIT, this much memory per hash or sort. */
export async function planForAllTeamsReads(tx: Queryable, workMemMegabytes: number): Promise<void> {
  await tx.query('SET LOCAL jit = off');
  await tx.query(`SET LOCAL work_mem = '${workMemMegabytes}MB'`);
}

export interface PopulationCounts {
  checked: number;
  paid: number;
  live: number;
  churned: number;
  mismatches: Record<MismatchKind, { count: number; teamIds: string[] }>;
}

/** Every referred team against its lifecycle and subscription facts as they stood at `monthEnd`. */
export async function countPopulation(db: Queryable, monthEnd: Date): Promise<PopulationCounts> {
  const sample = (name: string, condition: string) =>
    `count(*) FILTER (WHERE ${condition}) AS ${name}_count,
     (array_agg(id ORDER BY id) FILTER (WHERE ${condition}))[1:${mismatchSampleSizeMax}] AS ${name}_ids`;
  const rows = await db.query<Record<string, number | string[] | null>>(
    `WITH referred AS (SELECT id FROM teams t WHERE ${referredSql('t', '$2')}),
     stages AS (
       SELECT team_id, bool_or(type = 'paid') AS paid, bool_or(type = 'churned') AS churned
         FROM referral_events WHERE type IN ('paid', 'churned') AND occurred_at < $1 GROUP BY team_id),
     subscriptions AS (
       SELECT s.team_id,
              bool_or(s.status = ANY($3::text[])
                      OR (s.status = ANY($4::text[]) AND COALESCE(s.ended_at, s.version_at) >= $1)) AS live,
              bool_and(s.status = ANY($4::text[]) AND COALESCE(s.ended_at, s.version_at) < $1) AS all_ended
         FROM team_billing_subscriptions s
        GROUP BY 1),
     invoiced AS (
       SELECT DISTINCT i.team_id
         FROM team_billing_invoices i
        WHERE i.amount_paid_cents > 0 AND i.paid_at < $1),
     checked AS (
       SELECT r.id, COALESCE(st.paid, false) AS paid, COALESCE(st.churned, false) AS churned,
              s.team_id IS NOT NULL AS subscribed, COALESCE(s.live, false) AS live,
              COALESCE(s.all_ended, false) AS all_ended, iv.team_id IS NOT NULL AS invoiced
         FROM referred r
         LEFT JOIN stages st ON st.team_id = r.id
         LEFT JOIN subscriptions s ON s.team_id = r.id
         LEFT JOIN invoiced iv ON iv.team_id = r.id)
     SELECT count(*) AS checked, count(*) FILTER (WHERE paid) AS paid,
            count(*) FILTER (WHERE live) AS live, count(*) FILTER (WHERE churned) AS churned,
            ${sample('paid_without_subscription', 'paid AND NOT subscribed')},
            ${sample('invoice_without_paid', 'invoiced AND NOT paid')},
            ${sample('ended_without_churn', 'paid AND subscribed AND all_ended AND NOT churned')},
            ${sample('churned_with_live_subscription', 'churned AND live')}
       FROM checked`,
    [monthEnd, unreferredStatuses, liveSubscriptionStatuses, endedSubscriptionStatuses],
  );
  const row = rows[0]!;
  const mismatches = Object.fromEntries(
    mismatchKinds.map((kind) => [
      kind,
      { count: Number(row[`${kind}_count`]), teamIds: (row[`${kind}_ids`] as string[] | null) ?? [] },
    ]),
  ) as PopulationCounts['mismatches'];
  return {
    checked: Number(row.checked),
    paid: Number(row.paid),
    live: Number(row.live),
    churned: Number(row.churned),
    mismatches,
  };
}

export interface EarlyChurnCandidate {
  commissionId: string;
  affiliateId: string;
  teamId: string;
  paidAt: Date;
  churnedAt: Date;
}

/**
 * Commissions with money left on teams that churned by `monthEnd` within `windowDaysMax` days of
 * paying and were not taken back for it yet. The caller applies the window in force per team.
 */
export async function earlyChurnCandidates(
  db: Queryable,
  input: { monthEnd: Date; windowDaysMax: number; reversalId: string },
): Promise<EarlyChurnCandidate[]> {
  const rows = await db.query<{
    commission_id: string;
    affiliate_id: string;
    team_id: string;
    paid_at: Date;
    churned_at: Date;
  }>(
    `SELECT c.id AS commission_id, c.affiliate_id, c.team_id, p.occurred_at AS paid_at, ch.occurred_at AS churned_at
       FROM referral_events ch
       JOIN referral_events p ON p.team_id = ch.team_id AND p.type = 'paid'
       JOIN teams t ON t.id = ch.team_id AND ${referredTeamSql('t', '$4')}
       JOIN commissions c ON c.team_id = ch.team_id AND c.amount_cents > 0
      WHERE ch.type = 'churned' AND ch.occurred_at < $1
        AND ch.occurred_at <= p.occurred_at + make_interval(days => $2)
        AND NOT EXISTS (
              SELECT 1 FROM ledger_transfers r WHERE r.id = ${commissionReversalTransferIdSql('c.id', '$3')})
        AND c.amount_cents > COALESCE((
              SELECT sum(e.amount_cents) FROM ledger_transfers r
                JOIN ledger_entries e ON e.transfer_id = r.id AND e.account = 'program_expense'
               WHERE r.commission_id = c.id AND r.kind = 'commission_reversed'), 0)
      ORDER BY c.team_id, c.id`,
    [input.monthEnd, input.windowDaysMax, input.reversalId, unreferredStatuses],
  );
  return rows.map((row) => ({
    commissionId: row.commission_id,
    affiliateId: row.affiliate_id,
    teamId: row.team_id,
    paidAt: row.paid_at,
    churnedAt: row.churned_at,
  }));
}

export interface MilestoneThresholds {
  tier1ActiveDays: number;
  tier2MembersMin: number;
  tier2ActiveDays: number;
}

/**
 * Teams whose facts by `monthEnd` meet a tier with no commission recorded for it: a paid invoice
 * inside its revenue-share window without its commission (an upgrade took the account above the
 * Tier 3 threshold, or a grant was missed), or a milestone reached and not granted (active days
 * counted from the signup day, as the evaluation counts them). The rules come in as parameters:
 * each invoice is judged by the window rule of the settings version in force when it was paid
 * (`windows`, from `revenueShareWindowsByVersion`), each source by what it earns, so
 * this finds exactly the invoices a grant would pay. Each team found costs a full evaluation,
 * which decides and grants idempotently.
 */
export async function teamsWithUngrantedTiers(
  db: Queryable,
  input: {
    monthEnd: Date;
    windows: readonly RevenueShareWindowVersion[];
    milestones: MilestoneThresholds;
  },
): Promise<string[]> {
  const m = input.milestones;
  const rows = await db.query<{ team_id: string }>(
    `WITH window_rules AS (
       SELECT * FROM unnest($2::timestamptz[], $3::text[], $4::bigint[], $5::integer[])
         WITH ORDINALITY AS w(effective_from, tier, above_cents, months, ordinal)),
     floors AS (SELECT tier, min(above_cents) AS above_cents FROM window_rules GROUP BY tier),
     sources AS (
       SELECT * FROM unnest($6::text[], $7::text[], $8::boolean[]) AS s(source, tier, earns_milestones)),
     referred AS (
       SELECT r.id, r.signed_up_at, r.members, s.tier, s.earns_milestones
         FROM teams r JOIN sources s ON s.source = COALESCE(r.source, $9)
        WHERE ${referredSql('r', '$13')}),
     invoices AS NOT MATERIALIZED (
       SELECT i.team_id, i.id, i.amount_paid_cents AS amount, i.paid_at
         FROM team_billing_invoices i
        WHERE i.amount_paid_cents > 0 AND i.paid_at < $1),
     reaching AS (
       SELECT DISTINCT inv.team_id
         FROM invoices inv JOIN referred r ON r.id = inv.team_id JOIN floors f ON f.tier = r.tier
        GROUP BY inv.team_id, date_trunc('month', inv.paid_at AT TIME ZONE 'UTC'), f.above_cents
       HAVING sum(inv.amount) > f.above_cents),
     running AS (
       SELECT inv.team_id, inv.id, inv.paid_at, r.tier,
              sum(inv.amount) OVER (
                PARTITION BY inv.team_id, date_trunc('month', inv.paid_at AT TIME ZONE 'UTC')
                ORDER BY inv.paid_at, inv.id COLLATE "C") AS month_paid_cents
         FROM invoices inv JOIN referred r ON r.id = inv.team_id
        WHERE inv.team_id IN (SELECT team_id FROM reaching)),
     ungranted AS (
       SELECT x.team_id, x.id, x.paid_at, x.tier, w.above_cents, w.months
         FROM running x
         CROSS JOIN LATERAL (
           SELECT above_cents, months FROM window_rules w
            WHERE w.tier = x.tier AND w.effective_from <= x.paid_at ORDER BY w.ordinal DESC LIMIT 1) w
        WHERE NOT EXISTS (
          SELECT 1 FROM commissions c WHERE c.id = ${commissionIdSql({ tier: 'x.tier', invoiceId: 'x.id' })})),
     -- The invoice that opened each team's window, for each threshold a rule version sets: one
     -- sorted pass over the invoices, where a probe per ungranted invoice grew with their square.
     openings AS (
       SELECT DISTINCT ON (s.team_id, f.above_cents) s.team_id, f.above_cents, s.id, s.paid_at
         FROM running s JOIN (SELECT DISTINCT tier, above_cents FROM window_rules) f ON f.tier = s.tier
        WHERE s.month_paid_cents > f.above_cents
        ORDER BY s.team_id, f.above_cents, s.paid_at, s.id COLLATE "C"),
     revenue_share AS (
       SELECT x.team_id
         FROM ungranted x
         JOIN openings opening ON opening.team_id = x.team_id AND opening.above_cents = x.above_cents
        WHERE (opening.paid_at < x.paid_at OR (opening.paid_at = x.paid_at AND opening.id COLLATE "C" <= x.id))
          AND (x.months IS NULL
               OR x.paid_at < ((opening.paid_at AT TIME ZONE 'UTC') + make_interval(months => x.months)) AT TIME ZONE 'UTC')),
     lacking AS (
       SELECT r.id, r.signed_up_at, c1.id IS NULL AS lacks_tier1, r.members >= $10 AND c2.id IS NULL AS lacks_tier2
         FROM referred r
         LEFT JOIN commissions c1 ON c1.id = ${commissionIdSql({ tier: "'tier1'", teamId: 'r.id' })}
         LEFT JOIN commissions c2 ON c2.id = ${commissionIdSql({ tier: "'tier2'", teamId: 'r.id' })}
        WHERE r.earns_milestones),
     -- Each team's days counted on its own index range: grouping the joined rows instead made the
     -- plan sort every (team, day) row, on disk past work_mem (2.6 million rows at 1M teams).
     milestones AS (
       SELECT l.id AS team_id
         FROM (SELECT * FROM lacking WHERE lacks_tier1 OR lacks_tier2) l
         CROSS JOIN LATERAL (
           SELECT count(*) AS active_days FROM team_usage_days d
            WHERE d.team_id = l.id AND d.day >= (l.signed_up_at AT TIME ZONE 'UTC')::date AND d.day < $1::date) a
        WHERE (l.lacks_tier1 AND a.active_days >= $11) OR (l.lacks_tier2 AND a.active_days >= $12))
     SELECT team_id FROM revenue_share UNION SELECT team_id FROM milestones ORDER BY team_id`,
    [
      input.monthEnd,
      input.windows.map((window) => window.effectiveFrom),
      input.windows.map((window) => window.tier),
      input.windows.map((window) => window.monthlyPaidAboveCents),
      input.windows.map((window) => window.durationMonths),
      referralSourceRules.map((rule) => rule.source),
      referralSourceRules.map((rule) => rule.revenueShareTier),
      referralSourceRules.map((rule) => rule.earnsMilestones),
      defaultReferralSource,
      m.tier2MembersMin,
      m.tier1ActiveDays,
      m.tier2ActiveDays,
      unreferredStatuses,
    ],
  );
  return rows.map((row) => row.team_id);
}

/**
 * Cap periods of the month that a cap cut or that went over their cap: Tier 3 per affiliate and
 * month, Tier 4 per agency and month (earned in the month), content per team for life (teams
 * with a content commission earned in the month).
 */
export async function capHitsInMonth(
  db: Queryable,
  input: {
    start: Date;
    end: Date;
    tier3CapCents: number;
    tier4CapCents: number;
    contentCeilingCents: number;
  },
): Promise<{ hits: number; cappedCents: number; exceeded: number; listed: CapHit[] }> {
  const rows = await db.query<{
    tier: 'tier3' | 'tier4' | 'content';
    affiliate_id: string;
    team_id: string | null;
    granted_cents: number;
    capped_cents: number;
    cap_cents: number;
  }>(
    `WITH monthly AS (
       SELECT tier, affiliate_id, NULL::text AS team_id, sum(amount_cents) AS granted_cents,
              sum(capped_cents) AS capped_cents, CASE tier WHEN 'tier3' THEN $3 ELSE $4 END::bigint AS cap_cents
         FROM commissions WHERE tier IN ('tier3', 'tier4') AND earned_at >= $1 AND earned_at < $2
        GROUP BY tier, affiliate_id),
     lifetime AS (
       SELECT 'content' AS tier, c.affiliate_id, c.team_id, sum(c.amount_cents) AS granted_cents,
              sum(c.capped_cents) FILTER (WHERE c.earned_at >= $1) AS capped_cents, $5::bigint AS cap_cents
         FROM commissions c
        WHERE c.tier = 'content' AND c.earned_at < $2 AND c.team_id IN (
          SELECT team_id FROM commissions WHERE tier = 'content' AND earned_at >= $1 AND earned_at < $2)
        GROUP BY c.affiliate_id, c.team_id)
     SELECT * FROM monthly WHERE capped_cents > 0 OR granted_cents > cap_cents
     UNION ALL
     SELECT * FROM lifetime WHERE capped_cents > 0 OR granted_cents > cap_cents
     ORDER BY tier, affiliate_id, team_id`,
    [input.start, input.end, input.tier3CapCents, input.tier4CapCents, input.contentCeilingCents],
  );
  const hits = rows.map((row) => ({
    tier: row.tier,
    affiliateId: row.affiliate_id,
    teamId: row.team_id,
    grantedCents: Number(row.granted_cents),
    cappedCents: Number(row.capped_cents ?? 0),
    capCents: Number(row.cap_cents),
    exceeded: Number(row.granted_cents) > Number(row.cap_cents),
  }));
  return {
    hits: hits.length,
    cappedCents: hits.reduce((sum, hit) => sum + hit.cappedCents, 0),
    exceeded: hits.filter((hit) => hit.exceeded).length,
    listed: hits.slice(0, capHitsListedMax),
  };
}
