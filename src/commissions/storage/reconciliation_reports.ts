import type { Queryable } from '../../platform/db/database.js';
import type { ReconciliationReport } from '../rules/reconciliation.js';

/** Stores the month's report unless one is stored already; returns the stored one either way. */
export async function storeReport(
  db: Queryable,
  report: ReconciliationReport,
  now: Date,
): Promise<ReconciliationReport> {
  const mismatches = Object.values(report.mismatches).reduce((sum, kind) => sum + kind.count, 0);
  await db.query(
    `INSERT INTO reconciliation_reports (month, as_of, created_at, teams_checked, mismatches, reversals,
        reversed_cents, bonuses, bonus_cents, cap_hits, report)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (month) DO NOTHING`,
    [
      report.month,
      new Date(report.asOf),
      now,
      report.teams.checked,
      mismatches,
      report.reversals.commissions,
      report.reversals.totalCents,
      report.bonuses.commissions,
      report.bonuses.totalCents,
      report.caps.hits,
      JSON.stringify(report),
    ],
  );
  return (await loadReport(db, report.month))!;
}

export async function loadReport(db: Queryable, month: string): Promise<ReconciliationReport | null> {
  const rows = await db.query<{ report: ReconciliationReport }>(
    'SELECT report FROM reconciliation_reports WHERE month = $1',
    [month],
  );
  return rows[0]?.report ?? null;
}

export interface ReportSummary {
  month: string;
  asOf: Date;
  createdAt: Date;
  teamsChecked: number;
  mismatches: number;
  reversals: number;
  reversedCents: number;
  bonuses: number;
  bonusCents: number;
  capHits: number;
}

/** Reports newest month first, `limit` of them, before `beforeMonth` when given. */
export async function listReports(
  db: Queryable,
  input: { limit: number; beforeMonth?: string | undefined },
): Promise<ReportSummary[]> {
  const rows = await db.query<{
    month: string;
    as_of: Date;
    created_at: Date;
    teams_checked: number;
    mismatches: number;
    reversals: number;
    reversed_cents: number;
    bonuses: number;
    bonus_cents: number;
    cap_hits: number;
  }>(
    `SELECT month, as_of, created_at, teams_checked, mismatches, reversals, reversed_cents, bonuses,
            bonus_cents, cap_hits
       FROM reconciliation_reports WHERE ($1::text IS NULL OR month < $1) ORDER BY month DESC LIMIT $2`,
    [input.beforeMonth ?? null, input.limit],
  );
  return rows.map((row) => ({
    month: row.month,
    asOf: row.as_of,
    createdAt: row.created_at,
    teamsChecked: Number(row.teams_checked),
    mismatches: Number(row.mismatches),
    reversals: Number(row.reversals),
    reversedCents: Number(row.reversed_cents),
    bonuses: Number(row.bonuses),
    bonusCents: Number(row.bonus_cents),
    capHits: Number(row.cap_hits),
  }));
}
