import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { parseCalendarMonth } from './rules/reconciliation.js';
import { listReports } from './storage/reconciliation_reports.js';

export const reconciliationReportsPageSizeMax = 120;

export interface ReconciliationReportSummaryView {
  month: string;
  asOf: string;
  createdAt: string;
  teamsChecked: number;
  mismatches: number;
  reversals: number;
  reversedCents: number;
  bonuses: number;
  bonusCents: number;
  capHits: number;
}

/** Reconciled months, newest first; `before` (a month) continues from the previous page. */
export async function listReconciliationReports(
  context: Context,
  input: { limit: number; before?: string | undefined },
): Promise<{ reports: ReconciliationReportSummaryView[]; nextBefore: string | null }> {
  if (input.before !== undefined && !parseCalendarMonth(input.before)) {
    throw new AppError('validation_failed', `before must be YYYY-MM, got "${input.before}"`, {
      path: 'querystring.before',
    });
  }
  const limit = Math.min(Math.max(1, input.limit), reconciliationReportsPageSizeMax);
  const rows = await listReports(context.db, { limit, beforeMonth: input.before });
  const reports = rows.map((row) => ({
    ...row,
    asOf: row.asOf.toISOString(),
    createdAt: row.createdAt.toISOString(),
  }));
  const last = rows[rows.length - 1];
  return { reports, nextBefore: rows.length === limit && last ? last.month : null };
}
