import type { ProgramPlan, VisitPlan } from './plan_program.js';
import { cancelDay, invoiceDay } from './plan_team_life.js';

/** Billing facts in the order they happen within one day. */
export const billingActionKinds = ['start', 'upgrade', 'invoice', 'refund', 'cancel'] as const;
export type BillingActionKind = (typeof billingActionKinds)[number];

export interface BillingAction {
  kind: BillingActionKind;
  teamIndex: number;
  /** The invoice paid (`start`, `invoice`) or refunded (`refund`); 0 otherwise. */
  invoiceNumber: number;
}

/** What happens on one simulated day, in the order the driver plays it. */
export interface DayAgenda {
  joins: number[];
  visits: VisitPlan[];
  signups: number[];
  members: Array<{ teamIndex: number; members: number }>;
  billing: BillingAction[];
  usage: Array<{ teamIndex: number; apiCalls: number }>;
}

function emptyDay(): DayAgenda {
  return { joins: [], visits: [], signups: [], members: [], billing: [], usage: [] };
}

/** The plan cut into days; anything planned after the last day is left out. */
export function buildAgenda(plan: ProgramPlan): DayAgenda[] {
  const days = Array.from({ length: plan.days }, emptyDay);
  const on = (day: number): DayAgenda | undefined => (day >= 0 && day < plan.days ? days[day] : undefined);
  for (const affiliate of plan.affiliates) on(affiliate.joinDay)?.joins.push(affiliate.index);
  for (const visit of plan.visits) on(visit.day)?.visits.push(visit);
  for (const team of plan.teams) {
    on(team.signupDay)?.signups.push(team.index);
    for (const report of team.members)
      on(report.day)?.members.push({ teamIndex: team.index, members: report.members });
    for (const usage of team.usage)
      on(usage.day)?.usage.push({ teamIndex: team.index, apiCalls: usage.apiCalls });
    const billing = team.billing;
    if (!billing) continue;
    const add = (day: number, kind: BillingActionKind, invoiceNumber = 0) =>
      on(day)?.billing.push({ kind, teamIndex: team.index, invoiceNumber });
    add(billing.startDay, 'start');
    for (let invoice = 1; invoice < billing.lifetimeMonths; invoice++) {
      add(invoiceDay(plan.options.start, billing, invoice), 'invoice', invoice);
    }
    if (billing.upgrade) add(invoiceDay(plan.options.start, billing, billing.upgrade.month) - 3, 'upgrade');
    if (billing.refund) {
      const paidDay = invoiceDay(plan.options.start, billing, billing.refund.invoiceNumber);
      add(paidDay + billing.refund.afterDays, 'refund', billing.refund.invoiceNumber);
    }
    add(cancelDay(plan.options.start, billing), 'cancel');
  }
  for (const day of days) {
    day.billing.sort(
      (a, b) =>
        billingActionKinds.indexOf(a.kind) - billingActionKinds.indexOf(b.kind) || a.teamIndex - b.teamIndex,
    );
  }
  return days;
}
