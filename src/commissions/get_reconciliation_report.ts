import type { Context } from '../app/context.js';
import { withOpenOperatorExceptions } from '../payouts/storage/operator_exceptions_store.js';
import { AppError } from '../platform/rules/errors.js';
import { parseCalendarMonth, type ReconciliationReport } from './rules/reconciliation.js';
import { loadReport } from './storage/reconciliation_reports.js';

/** The stored report of a reconciled month. */
export async function getReconciliationReport(
  context: Context,
  month: string,
): Promise<ReconciliationReport> {
  if (!parseCalendarMonth(month)) {
    throw new AppError('validation_failed', `month must be YYYY-MM, got "${month}"`, {
      path: 'params.month',
    });
  }
  const report = await loadReport(context.db, month);
  if (!report)
    throw new AppError('not_found', `month ${month} has not been reconciled`, { path: 'params.month' });
  return withOpenOperatorExceptions(context.db, report);
}
