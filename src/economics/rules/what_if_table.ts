import { commissionTiers } from '../../commissions/rules/tiers.js';
import type { WhatIfFigures } from './what_if_summary.js';

/** The what-if as a terminal reads it: the three columns side by side, months and affiliates below. */

export interface WhatIfTableInput {
  from: string;
  to: string;
  asOf: string;
  teams: number;
  settingsChanged: Record<string, { current: unknown; whatIf: unknown }>;
  actual: WhatIfFigures & { paidCents: number | null };
  replayedCurrent: WhatIfFigures;
  whatIf: WhatIfFigures;
  difference: WhatIfFigures;
  selfCheck: { matches: boolean; differenceCents: number; commissionsDiffering: number };
  byMonth: ReadonlyArray<{ month: string; revenueCents: number; actualCents: number; whatIfCents: number }>;
  byAffiliate: ReadonlyArray<{
    affiliateId: string;
    replayedCurrentCents: number;
    whatIfCents: number;
    differenceCents: number;
  }>;
}

/** `$1,234.56`, with a minus sign before the dollar sign for negative amounts. */
export function formatDollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  const dollars = Math.floor(absolute / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(absolute % 100).padStart(2, '0')}`;
}

function formatSignedDollars(cents: number): string {
  return cents > 0 ? `+${formatDollars(cents)}` : formatDollars(cents);
}

function alignedRows(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  '),
  );
}

const roiText = (roi: number | null) => (roi === null ? '—' : `${roi.toFixed(1)}x`);

export function renderWhatIfTable(result: WhatIfTableInput): string {
  const lines = [
    `What-if over ${result.from} – ${result.to} (history as of ${result.asOf}, ${result.teams} teams)`,
  ];
  const changed = Object.entries(result.settingsChanged);
  lines.push(
    changed.length === 0
      ? 'Settings changed: none (the replay checks itself against the ledger)'
      : `Settings changed: ${changed.map(([key, { current, whatIf }]) => `${key} ${JSON.stringify(current)} → ${JSON.stringify(whatIf)}`).join(', ')}`,
    '',
  );
  const columns = [result.actual, result.replayedCurrent, result.whatIf, result.difference];
  const money = (label: string, pick: (figures: WhatIfFigures) => number, signedLast = true) => [
    label,
    ...columns.map((figures, index) =>
      index === 3 && signedLast ? formatSignedDollars(pick(figures)) : formatDollars(pick(figures)),
    ),
  ];
  lines.push(
    ...alignedRows([
      ['', 'ledger', 'replayed now', 'what-if', 'difference'],
      money('Commissions (net)', (figures) => figures.commissionsCents),
      ...commissionTiers.map((tier) => money(`  ${tier}`, (figures) => figures.byTier[tier])),
      money('Granted', (figures) => figures.grantedCents),
      money('Capped', (figures) => figures.cappedCents),
      money('Reversed', (figures) => figures.reversedCents),
      money('Released', (figures) => figures.releasedCents),
      money('Revenue', (figures) => figures.revenueCents),
      ['ROI', ...columns.slice(0, 3).map((figures) => roiText(figures.roi)), ''],
      [
        'Paid out',
        result.actual.paidCents === null ? '—' : formatDollars(result.actual.paidCents),
        '—',
        '—',
        '',
      ],
    ]),
  );
  lines.push(
    '',
    result.selfCheck.matches
      ? 'Self-check: the replay with the settings in force equals the ledger.'
      : `Self-check: ${result.selfCheck.commissionsDiffering} commission(s) replay differently from the ledger (${formatSignedDollars(result.selfCheck.differenceCents)} net); see --json selfCheck.sample.`,
  );
  if (result.byMonth.length > 0) {
    lines.push(
      '',
      ...alignedRows([
        ['Month', 'revenue', 'ledger', 'what-if'],
        ...result.byMonth.map((row) => [
          row.month,
          formatDollars(row.revenueCents),
          formatDollars(row.actualCents),
          formatDollars(row.whatIfCents),
        ]),
      ]),
    );
  }
  if (result.byAffiliate.length > 0) {
    lines.push(
      '',
      ...alignedRows([
        ['Affiliate', 'replayed now', 'what-if', 'difference'],
        ...result.byAffiliate.map((row) => [
          row.affiliateId,
          formatDollars(row.replayedCurrentCents),
          formatDollars(row.whatIfCents),
          formatSignedDollars(row.differenceCents),
        ]),
      ]),
    );
  }
  return lines.join('\n');
}
