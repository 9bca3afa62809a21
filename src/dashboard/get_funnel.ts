import type { Context } from '../app/context.js';
import { affiliateExists } from '../partners/storage/affiliates.js';
import { AppError, notFound } from '../platform/rules/errors.js';
import { selectLinkLabels } from '../tracking/storage/links.js';
import { funnelRangeParts } from './funnel_range_parts.js';
import {
  buildFunnelReport,
  type FunnelInterval,
  type FunnelReport,
  funnelRangeDaysMax,
  type LinkLabel,
  rangeDays,
} from './funnel_report.js';
import { selectFunnelRows } from './storage/funnel_rollups.js';

export const defaultFunnelRangeDays = 30;

export interface FunnelQuery {
  affiliateId: string;
  /** UTC days, YYYY-MM-DD, both included; default the last 30 days up to today. */
  from?: string | undefined;
  to?: string | undefined;
  interval: FunnelInterval;
}

/** The affiliate's funnel over a range of days, read from the daily rollups only. */
export async function getFunnel(context: Context, query: FunnelQuery): Promise<FunnelReport> {
  const to = query.to ?? context.clock.now().toISOString().slice(0, 10);
  const from =
    query.from ??
    new Date(Date.parse(`${to}T00:00:00Z`) - (defaultFunnelRangeDays - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
  const days = rangeDays(from, to);
  if (Number.isNaN(days)) throw new AppError('validation_failed', 'from and to must be calendar days');
  if (days < 1) throw new AppError('validation_failed', 'from must not be after to', { path: 'from' });
  if (days > funnelRangeDaysMax) {
    throw new AppError('validation_failed', `a funnel covers at most ${funnelRangeDaysMax} days`, {
      path: 'from',
    });
  }
  if (!(await affiliateExists(context.db, query.affiliateId))) throw notFound('affiliate', query.affiliateId);
  const range = { from, to, interval: query.interval };
  const rows = await selectFunnelRows(context.db, query.affiliateId, range, funnelRangeParts(range));
  const linkIds = rows.filter((row) => row.groupedBy === 'link' && row.key !== '').map((row) => row.key);
  const links = await selectLinkLabels(context.db, query.affiliateId, linkIds);
  const labels = new Map<string, LinkLabel>(
    links.map((link) => [link.id, { code: link.code, tag: link.tag }]),
  );
  return buildFunnelReport(rows, range, labels);
}
