import { calendarMonthKey } from '../../commissions/rules/calendar_months.js';
import { isEarlyChurn } from '../../commissions/rules/reconciliation.js';
import { reversalForRefund } from '../../commissions/rules/refunds.js';
import {
  inPaymentOrder,
  type PaidInvoice,
  revenueShareForInvoice,
} from '../../commissions/rules/revenue_share.js';
import { refundedTotalsByInvoice } from '../../commissions/rules/team_evaluation.js';
import { commissionIdFor, revenueShareTierFor } from '../../commissions/rules/tiers.js';
import { type ReplayedCommission, recordedAsReplayed, type WhatIfTeamFacts } from './what_if_facts.js';
import { replayMilestones } from './what_if_milestones.js';
import type { SettingsTimeline } from './what_if_settings.js';

const msPerDay = 86_400_000;

export interface ReplayClock {
  /** The program time of the replay: facts up to it count, nothing later. */
  asOf: Date;
  /**
   * The end of the last reconciled month (null when none was): the live engine takes back
   * early-churn commissions only when it reconciles, so the replay does so for churn before it.
   */
  reconciledThrough: Date | null;
}

/**
 * Replays the commissions of one affiliate's teams under a settings timeline, with the live
 * engine's own rules: milestone bonuses (`milestonesReached`), one revenue share per paid invoice
 * (`revenueShareForInvoice`, whose window and caps are the live ones), refund reversals
 * (`reversalForRefund` on the cumulative refunded total) and early-churn reversals (`isEarlyChurn`).
 *
 * Caps shared by the affiliate's teams (Tier 3 per affiliate and Tier 4 per agency per calendar
 * month) are filled in payment order across all its teams, as invoices arriving on time fill them
 * live; the content ceiling is per team. Settings are those in force when each fact happened.
 */
export function replayAffiliate(
  teams: readonly WhatIfTeamFacts[],
  settingsAt: SettingsTimeline,
  clock: ReplayClock,
): ReplayedCommission[] {
  // An agency's own team earns nothing: the live engine grants it nothing new and took back what
  // was not released when it was marked, so the replay keeps the ledger's record of it as it is.
  const byTeam = new Map<string, ReplayedCommission[]>(
    teams.map((team) => [
      team.teamId,
      team.internal
        ? team.recorded.map((commission) => recordedAsReplayed(team, commission))
        : replayMilestones(team, settingsAt, clock.asOf),
    ]),
  );
  for (const share of replayRevenueShares(teams, settingsAt, clock.asOf))
    byTeam.get(share.teamId)!.push(share);
  for (const team of teams) {
    if (team.internal) continue;
    const commissions = byTeam.get(team.teamId)!;
    reverseRefunded(team, commissions);
    reverseEarlyChurn(team, commissions, settingsAt, clock);
    for (const commission of commissions) markReleased(team, commission, settingsAt, clock.asOf);
  }
  return teams.flatMap((team) => byTeam.get(team.teamId)!);
}

function replayRevenueShares(
  teams: readonly WhatIfTeamFacts[],
  settingsAt: SettingsTimeline,
  asOf: Date,
): ReplayedCommission[] {
  const invoicesOf = new Map<string, PaidInvoice[]>();
  const entries: Array<{ team: WhatIfTeamFacts; invoice: PaidInvoice }> = [];
  for (const team of teams) {
    if (!team.referred) continue;
    const invoices = team.invoices.filter((invoice) => invoice.paidAt.getTime() <= asOf.getTime());
    invoicesOf.set(team.teamId, invoices);
    for (const invoice of invoices) entries.push({ team, invoice });
  }
  const order = new Map(
    inPaymentOrder(entries.map(({ invoice }) => invoice)).map((invoice, index) => [invoice, index]),
  );
  entries.sort((a, b) => order.get(a.invoice)! - order.get(b.invoice)!);

  const grantedInCapPeriodCents = new Map<string, number>();
  const replayed: ReplayedCommission[] = [];
  for (const { team, invoice } of entries) {
    const tier = revenueShareTierFor(team.source);
    const id = commissionIdFor({ tier, invoiceId: invoice.id });
    const recorded = team.recorded.find((commission) => commission.id === id);
    // Tier 3 and Tier 4 cap per affiliate and calendar month, the content share per account for life.
    const capPeriod =
      tier === 'content' ? `content|${team.teamId}` : `${tier}|${calendarMonthKey(invoice.paidAt)}`;
    const alreadyCents = grantedInCapPeriodCents.get(capPeriod) ?? 0;
    if (team.internal) {
      // Kept as recorded (see replayAffiliate); what it was granted still filled the cap live.
      if (recorded) grantedInCapPeriodCents.set(capPeriod, alreadyCents + recorded.amountCents);
      continue;
    }
    if (!recorded && !team.affiliateActive) continue;
    const decision = revenueShareForInvoice({
      tier,
      invoice,
      invoices: invoicesOf.get(team.teamId)!,
      alreadyGrantedInCapPeriodCents: alreadyCents,
      settings: settingsAt(invoice.paidAt),
    });
    if (!decision.earns) continue;
    grantedInCapPeriodCents.set(capPeriod, alreadyCents + decision.grantedCents);
    replayed.push({
      id,
      affiliateId: team.affiliateId,
      teamId: team.teamId,
      tier,
      earnedAt: invoice.paidAt,
      grantedCents: decision.grantedCents,
      cappedCents: decision.cappedCents,
      reversedCents: 0,
      released: false,
    });
  }
  return replayed;
}

function reverseRefunded(team: WhatIfTeamFacts, commissions: ReplayedCommission[]): void {
  const refundedByInvoice = refundedTotalsByInvoice(team.refunds);
  const invoiceOf = new Map(
    team.invoices.map((invoice) => [
      commissionIdFor({ tier: revenueShareTierFor(team.source), invoiceId: invoice.id }),
      invoice,
    ]),
  );
  for (const commission of commissions) {
    const invoice = invoiceOf.get(commission.id);
    if (!invoice) continue;
    commission.reversedCents += reversalForRefund({
      invoiceAmountCents: invoice.amountCents,
      earnedCents: commission.grantedCents,
      refundedTotalCents: refundedByInvoice.get(invoice.id) ?? 0,
      alreadyReversedCents: commission.reversedCents,
    });
  }
}

function reverseEarlyChurn(
  team: WhatIfTeamFacts,
  commissions: ReplayedCommission[],
  settingsAt: SettingsTimeline,
  clock: ReplayClock,
): void {
  const { paidAt, churnedAt } = team;
  if (!paidAt || !churnedAt || !clock.reconciledThrough) return;
  if (churnedAt.getTime() >= clock.reconciledThrough.getTime()) return;
  const earlyChurnWindowDays = settingsAt(paidAt).earlyChurnWindowDays;
  if (!isEarlyChurn({ paidAt, churnedAt, earlyChurnWindowDays })) return;
  for (const commission of commissions) commission.reversedCents = commission.grantedCents;
}

/**
 * Released when the ledger released the same commission; one the ledger never recorded is
 * released once its team is sustained and the payout delay passed (settings the replay keeps).
 */
function markReleased(
  team: WhatIfTeamFacts,
  commission: ReplayedCommission,
  settingsAt: SettingsTimeline,
  asOf: Date,
): void {
  const recorded = team.recorded.find((known) => known.id === commission.id);
  if (recorded) {
    commission.released = recorded.released;
    return;
  }
  if (!team.sustainedAt) return;
  const eligibleAtMs = Math.max(team.sustainedAt.getTime(), commission.earnedAt.getTime());
  const releaseAtMs = eligibleAtMs + settingsAt(new Date(eligibleAtMs)).payoutDelayDays * msPerDay;
  commission.released = releaseAtMs <= asOf.getTime();
}
