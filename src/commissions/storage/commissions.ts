import { publishLiveEvents } from '../../dashboard/live_event.js';
import { loadCommissionTransferMovements } from '../../ledger/storage/ledger.js';
import type { Queryable } from '../../platform/db/database.js';
import { commissionIdSql } from '../../platform/db/embedded_id_sql.js';
import { unreferredStatuses } from '../../referrals/rules/lifecycle.js';
import { referredTeamSql } from '../../referrals/storage/referred_team_sql.js';
import {
  type CommissionMovement,
  type CommissionStatus,
  commissionStatus,
} from '../rules/commission_state.js';
import type { CommissionTier } from '../rules/tiers.js';

export interface CommissionRecord {
  id: string;
  affiliateId: string;
  teamId: string;
  tier: CommissionTier;
  amountCents: number;
  cappedCents: number;
  rateBasisPoints: number | null;
  invoiceId: string | null;
  invoiceAmountCents: number | null;
  cause: string;
  earnedAt: Date;
  createdAt: Date;
}

export type CommissionWithStatus = CommissionRecord & { status: CommissionStatus };

interface CommissionRow {
  id: string;
  affiliate_id: string;
  team_id: string;
  tier: CommissionTier;
  amount_cents: number;
  capped_cents: number;
  rate_basis_points: number | null;
  invoice_id: string | null;
  invoice_amount_cents: number | null;
  cause: string;
  earned_at: Date;
  created_at: Date;
}

const commissionColumns =
  'id, affiliate_id, team_id, tier, amount_cents, capped_cents, rate_basis_points, invoice_id, invoice_amount_cents, cause, earned_at, created_at';

function fromRow(row: CommissionRow): CommissionRecord {
  return {
    id: row.id,
    affiliateId: row.affiliate_id,
    teamId: row.team_id,
    tier: row.tier,
    amountCents: row.amount_cents,
    cappedCents: row.capped_cents,
    rateBasisPoints: row.rate_basis_points,
    invoiceId: row.invoice_id,
    invoiceAmountCents: row.invoice_amount_cents,
    cause: row.cause,
    earnedAt: row.earned_at,
    createdAt: row.created_at,
  };
}

/** Inserts the commission unless its id exists; returns whether it was inserted. */
export async function insertCommission(tx: Queryable, commission: CommissionRecord): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO commissions (${commissionColumns})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      commission.id,
      commission.affiliateId,
      commission.teamId,
      commission.tier,
      commission.amountCents,
      commission.cappedCents,
      commission.rateBasisPoints,
      commission.invoiceId,
      commission.invoiceAmountCents,
      commission.cause,
      commission.earnedAt,
      commission.createdAt,
    ],
  );
  if (rows.length === 0) return false;
  // Seen on the affiliate's live streams once the grant commits.
  await publishLiveEvents(tx, [
    {
      type: 'commission',
      affiliateId: commission.affiliateId,
      data: {
        commissionId: commission.id,
        teamId: commission.teamId,
        tier: commission.tier,
        amountCents: commission.amountCents,
        earnedAt: commission.earnedAt.toISOString(),
      },
    },
  ]);
  return true;
}

/** Each commission with the fold of the ledger transfers that carry its id. */
async function withStatus(db: Queryable, rows: CommissionRow[]): Promise<CommissionWithStatus[]> {
  if (rows.length === 0) return [];
  const movements = await loadCommissionTransferMovements(
    db,
    rows.map((row) => row.id),
  );
  const byCommission = new Map<string, CommissionMovement[]>();
  for (const movement of movements) {
    const list = byCommission.get(movement.commissionId) ?? [];
    list.push({ kind: movement.kind, movedCents: movement.movedCents, createdAt: movement.createdAt });
    byCommission.set(movement.commissionId, list);
  }
  return rows.map((row) => {
    const record = fromRow(row);
    return { ...record, status: commissionStatus(record.amountCents, byCommission.get(record.id) ?? []) };
  });
}

export async function loadCommission(db: Queryable, id: string): Promise<CommissionWithStatus | null> {
  const rows = await db.query<CommissionRow>(`SELECT ${commissionColumns} FROM commissions WHERE id = $1`, [
    id,
  ]);
  const [found] = await withStatus(db, rows);
  return found ?? null;
}

/** Several commissions by id with their status, in no particular order; unknown ids are left out. */
export async function loadCommissions(
  db: Queryable,
  ids: readonly string[],
): Promise<CommissionWithStatus[]> {
  const rows = await db.query<CommissionRow>(
    `SELECT ${commissionColumns} FROM commissions WHERE id = ANY($1::text[])`,
    [ids],
  );
  return withStatus(db, rows);
}

export async function loadTeamCommissions(db: Queryable, teamId: string): Promise<CommissionWithStatus[]> {
  const rows = await db.query<CommissionRow>(
    `SELECT ${commissionColumns} FROM commissions WHERE team_id = $1 ORDER BY created_at, id`,
    [teamId],
  );
  return withStatus(db, rows);
}

/** One page of an affiliate's commissions, newest first, after the keyset cursor if given. */
export async function loadAffiliateCommissions(
  db: Queryable,
  input: { affiliateId: string; limit: number; after?: { createdAt: Date; id: string } | undefined },
): Promise<CommissionWithStatus[]> {
  const rows = input.after
    ? await db.query<CommissionRow>(
        `SELECT ${commissionColumns} FROM commissions
          WHERE affiliate_id = $1 AND (created_at, id) < ($2, $3)
          ORDER BY created_at DESC, id DESC LIMIT $4`,
        [input.affiliateId, input.after.createdAt, input.after.id, input.limit],
      )
    : await db.query<CommissionRow>(
        `SELECT ${commissionColumns} FROM commissions WHERE affiliate_id = $1
          ORDER BY created_at DESC, id DESC LIMIT $2`,
        [input.affiliateId, input.limit],
      );
  return withStatus(db, rows);
}

/** What one tier already granted to an affiliate with earned dates in [from, to). */
export async function grantedCentsInPeriod(
  db: Queryable,
  input: { affiliateId: string; tier: CommissionTier; from: Date; to: Date },
): Promise<number> {
  const [row] = await db.query<{ sum_cents: number }>(
    `SELECT coalesce(sum(amount_cents), 0)::int8 AS sum_cents FROM commissions
      WHERE affiliate_id = $1 AND tier = $2 AND earned_at >= $3 AND earned_at < $4`,
    [input.affiliateId, input.tier, input.from, input.to],
  );
  return row?.sum_cents ?? 0;
}

/** What one tier already granted for one team, ever (the content share's per-account ceiling). */
export async function grantedCentsForTeam(
  db: Queryable,
  input: { teamId: string; tier: CommissionTier },
): Promise<number> {
  const [row] = await db.query<{ sum_cents: number }>(
    'SELECT coalesce(sum(amount_cents), 0)::int8 AS sum_cents FROM commissions WHERE team_id = $1 AND tier = $2',
    [input.teamId, input.tier],
  );
  return row?.sum_cents ?? 0;
}

/**
 * Of `teamIds`, the referred teams that may still earn a milestone bonus: not agency-attributed,
 * not rejected, and without their Tier 2 (which comes with Tier 1).
 */
export async function teamsAwaitingMilestones(db: Queryable, teamIds: readonly string[]): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT t.id FROM teams t
      WHERE t.id = ANY($1::text[]) AND ${referredTeamSql('t', '$2')}
        AND t.source IS DISTINCT FROM 'agency'
        AND NOT EXISTS (SELECT 1 FROM commissions c WHERE c.id = ${commissionIdSql({ tier: "'tier2'", teamId: 't.id' })})
      ORDER BY t.id`,
    [teamIds, unreferredStatuses],
  );
  return rows.map((row) => row.id);
}

/** The affiliate of each of the commissions named; unknown ids are left out. */
export async function loadCommissionAffiliateIds(
  db: Queryable,
  commissionIds: readonly string[],
): Promise<Map<string, string>> {
  const rows = await db.query<{ id: string; affiliate_id: string }>(
    'SELECT id, affiliate_id FROM commissions WHERE id = ANY($1::text[])',
    [commissionIds],
  );
  return new Map(rows.map((row) => [row.id, row.affiliate_id]));
}

/**
 * A page, in id order after `afterTeamId`, of the teams sustained as of `asOf` that hold a
 * commission with money left and neither an eligible nor a released transfer.
 */
export async function loadSustainedTeamIdsWithCommissionsToMakeEligible(
  db: Queryable,
  page: { afterTeamId: string; asOf: Date; limit: number },
): Promise<string[]> {
  const rows = await db.query<{ team_id: string }>(
    `SELECT DISTINCT c.team_id FROM commissions c
      WHERE c.team_id > $1 AND c.amount_cents > 0
        AND EXISTS (SELECT 1 FROM referral_events e
                     WHERE e.team_id = c.team_id AND e.type = 'sustained' AND e.occurred_at <= $2)
        AND NOT EXISTS (SELECT 1 FROM ledger_transfers t
                         WHERE t.commission_id = c.id AND t.kind IN ('commission_eligible', 'commission_released'))
        AND c.amount_cents > (
          SELECT coalesce(sum(en.amount_cents), 0) FROM ledger_transfers t
            JOIN ledger_entries en ON en.transfer_id = t.id AND en.account = 'program_expense'
           WHERE t.commission_id = c.id AND t.kind = 'commission_reversed')
      ORDER BY c.team_id LIMIT $3`,
    [page.afterTeamId, page.asOf, page.limit],
  );
  return rows.map((row) => row.team_id);
}

/**
 * An affiliate's commissions of one tier earned in [fromAt, toBefore), with their status, in
 * earned order; at most `limit`, so a caller can tell a range that holds more.
 */
export async function loadAffiliateTierCommissionsEarnedBetween(
  db: Queryable,
  input: { affiliateId: string; tier: CommissionTier; fromAt: Date; toBefore: Date; limit: number },
): Promise<CommissionWithStatus[]> {
  const rows = await db.query<CommissionRow>(
    `SELECT ${commissionColumns} FROM commissions
      WHERE affiliate_id = $1 AND tier = $2 AND earned_at >= $3 AND earned_at < $4
      ORDER BY earned_at, id LIMIT $5`,
    [input.affiliateId, input.tier, input.fromAt, input.toBefore, input.limit],
  );
  return withStatus(db, rows);
}
