import { briefAssumptions } from '../../economics/rules/assumptions.js';
import {
  averageLifetimeValueCents,
  type SummaryRow,
  scaledYear,
  summariseDemo,
} from '../rules/demo_summary.js';
import { formatValue, renderFigures, renderSummaryTable } from '../rules/render_demo_summary.js';
import type { DemoRun } from '../run_demo.js';

/** The demo's result: the same for a person (`renderDemoReport`) and for a script (`--json`). */
export interface DemoReport {
  seed: number;
  affiliates: number;
  months: number;
  start: string;
  clock: { startedAt: string; endedAt: string };
  comparison: SummaryRow[];
  program: Record<string, unknown>;
  notes: string[];
}

const notes = [
  "Projected: the brief's Year-1 assumptions pro rata for this many affiliates and months (economics model).",
  "Demo figures are read back from the program (dashboard funnels, ledger balances, payouts), except the simulated lifetime value: each activated team's invoices over its whole simulated life, most of which lies after the demo.",
  'Commissions earned are granted less reversed, whatever their state; most are paid only after the team is sustained (90 days after paying) and the payout delay (30 days).',
];

export function demoReportOf(run: DemoRun): DemoReport {
  const { plan, tallies, figures } = run;
  const { options } = plan;
  const year = scaledYear(briefAssumptions.years[0]!, options.affiliates, options.months);
  const comparison = summariseDemo(year, {
    affiliatesWithSignups: figures.affiliatesWithSignups,
    referredSignups: figures.funnel.signups,
    activatedAccounts: figures.funnel.activated,
    averageLifetimeValueCents: averageLifetimeValueCents(plan.teams, plan.days),
    commissionsEarnedCents: figures.commissionsEarnedCents,
    commissionsPaidCents: figures.payoutsPaidCents,
    invoicedNetCents: tallies.invoicedCents - tallies.refundedCents,
  });
  return {
    seed: options.seed,
    affiliates: options.affiliates,
    months: options.months,
    start: options.start.toISOString(),
    clock: { startedAt: run.startedAt, endedAt: run.endedAt },
    comparison,
    program: {
      funnel: figures.funnel,
      visits: tallies.visits,
      signups: tallies.signups,
      attributedSignups: tallies.attributedSignups,
      attributedByRule: tallies.byRule,
      refusedSignups: tallies.unattributedSignups,
      usageEvents: tallies.usageEvents,
      usageEventsAccepted: tallies.usageAccepted,
      memberReports: tallies.memberReports,
      stripeEvents: tallies.stripeEvents,
      invoices: tallies.invoices,
      invoicedCents: tallies.invoicedCents,
      refunds: tallies.refunds,
      refundedCents: tallies.refundedCents,
      upgrades: tallies.upgrades,
      cancellations: tallies.cancellations,
      balances: figures.balances,
      commissionsEarnedCents: figures.commissionsEarnedCents,
      payouts: figures.payouts,
      payoutsPaid: figures.payoutsPaid,
      payoutsPaidCents: figures.payoutsPaidCents,
      reconciliationReports: figures.reconciliationReports,
      ledger: figures.ledger,
    },
    notes,
  };
}

export function renderDemoReport(report: DemoReport, run: DemoRun): string {
  const { tallies, figures } = run;
  const cents = (value: number) => formatValue(value, 'cents');
  const count = (value: number) => formatValue(value, 'count');
  const rules = Object.entries(tallies.byRule)
    .map(([rule, n]) => `${rule} ${count(n)}`)
    .join(', ');
  const title = `Demo: ${report.affiliates} affiliates, ${report.months} months from ${report.start.slice(0, 10)} (seed ${report.seed})`;
  const program = renderFigures([
    [
      'Visits through the redirect',
      `${count(tallies.visits)} (${count(figures.funnel.clicks)} counted clicks)`,
    ],
    [
      'Signups',
      `${count(tallies.signups)}: attributed ${count(tallies.attributedSignups)} (${rules}), refused ${count(tallies.unattributedSignups)}`,
    ],
    [
      'Funnel',
      `activated ${count(figures.funnel.activated)}, paid ${count(figures.funnel.paid)}, sustained ${count(figures.funnel.sustained)}`,
    ],
    ['Usage events', `${count(tallies.usageEvents)} sent, ${count(tallies.usageAccepted)} stored`],
    [
      'Stripe events',
      `${count(tallies.stripeEvents)}: ${count(tallies.invoices)} invoices (${cents(tallies.invoicedCents)}), ${count(tallies.refunds)} refunds (${cents(tallies.refundedCents)}), ${count(tallies.upgrades)} upgrades, ${count(tallies.cancellations)} cancellations`,
    ],
    [
      'Balances',
      `pending ${cents(figures.balances.pendingCents)}, vested ${cents(figures.balances.vestedCents)}, eligible ${cents(figures.balances.eligibleCents)}, available ${cents(figures.balances.availableCents)}, paid ${cents(figures.balances.paidCents)}, owed ${cents(figures.balances.owedCents)}`,
    ],
    [
      'Payouts',
      `${count(figures.payouts)} (${count(figures.payoutsPaid)} paid, ${cents(figures.payoutsPaidCents)})`,
    ],
    ['Reconciliation reports', count(figures.reconciliationReports)],
    [
      'Ledger',
      `${figures.ledger.balanced ? 'balanced' : 'NOT BALANCED'}: ${count(figures.ledger.transfers)} transfers, ${count(figures.ledger.entries)} entries`,
    ],
    ['Program clock', `${report.clock.startedAt} → ${report.clock.endedAt}`],
  ]);
  return [
    title,
    '',
    renderSummaryTable('Results', report.comparison),
    '',
    program,
    '',
    ...report.notes.map((note) => `* ${note}`),
  ].join('\n');
}
