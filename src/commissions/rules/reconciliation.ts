/**
 * Monthly reconciliation rules (SPEC §6): which month a run covers, which churn is early enough to
 * take commissions back, and the shape of the stored report. Pure: no database, clock or env.
 */

import {
  defaultProgramSettings,
  msPerDay,
  type ProgramSettings,
} from '../../settings/rules/program_settings.js';
import { revenueShareWindowRule } from './revenue_share.js';
import {
  earnsMilestoneBonuses,
  type ReferralSource,
  type RevenueShareTier,
  referralSources,
  revenueShareTierFor,
  revenueShareTiers,
} from './tiers.js';

export interface CalendarMonth {
  /** `YYYY-MM`. */
  month: string;
  /** First instant of the month (UTC), inclusive. */
  start: Date;
  /** First instant of the next month (UTC), exclusive. */
  end: Date;
}

/** Parses `YYYY-MM` (years 2000–9999, months 01–12); null for anything else. */
export function parseCalendarMonth(text: string): CalendarMonth | null {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const monthIndex = Number(match[2]) - 1;
  if (year < 2000 || monthIndex < 0 || monthIndex > 11) return null;
  return {
    month: text,
    start: new Date(Date.UTC(year, monthIndex, 1)),
    end: new Date(Date.UTC(year, monthIndex + 1, 1)),
  };
}

export function calendarMonthOf(time: Date): string {
  return time.toISOString().slice(0, 7);
}

/** The calendar month before the one `time` falls in (the month a run on the 1st reconciles). */
export function previousCalendarMonth(time: Date): string {
  return calendarMonthOf(new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth() - 1, 1)));
}

/** A month is reconciled once, for good, so only after it has ended. */
export function hasMonthEnded(month: CalendarMonth, asOf: Date): boolean {
  return asOf.getTime() >= month.end.getTime();
}

/** Churn within `earlyChurnWindowDays` of the first payment (inclusive) takes commissions back. */
export function isEarlyChurn(input: {
  paidAt: Date;
  churnedAt: Date;
  earlyChurnWindowDays: number;
}): boolean {
  const elapsedMs = input.churnedAt.getTime() - input.paidAt.getTime();
  return elapsedMs >= 0 && elapsedMs <= input.earlyChurnWindowDays * msPerDay;
}

/** The reversal id of an early-churn clawback: one per commission, so a rerun reverses nothing more. */
export const earlyChurnReversalId = 'early_churn';

export const mismatchKinds = [
  /** Reached paid, but no subscription is known for the team. */
  'paid_without_subscription',
  /** Has a paid invoice, but never reached paid. */
  'invoice_without_paid',
  /** Every subscription ended by the month's end, yet the team is not churned. */
  'ended_without_churn',
  /** Churned, yet a subscription is live (churn is terminal; the team resubscribed). */
  'churned_with_live_subscription',
] as const;
export type MismatchKind = (typeof mismatchKinds)[number];

/** Mismatched team ids kept in a report, per kind; the count is always complete. */
export const mismatchSampleSizeMax = 100;
/** Cap hits kept in a report; the count is always complete. */
export const capHitsListedMax = 1_000;

export interface CapHit {
  /** `tier3` per affiliate and month, `tier4` per agency and month, `content` per team for life. */
  tier: 'tier3' | 'tier4' | 'content';
  affiliateId: string;
  teamId: string | null;
  grantedCents: number;
  cappedCents: number;
  capCents: number;
  /** True when more was granted than the cap allows: a defect to investigate, never expected. */
  exceeded: boolean;
}

export interface ReconciliationReport {
  month: string;
  asOf: string;
  teams: { checked: number; paid: number; live: number; churned: number };
  mismatches: Record<MismatchKind, { count: number; teamIds: string[] }>;
  reversals: { teams: number; commissions: number; totalCents: number; owedCents: number };
  bonuses: { teams: number; commissions: number; totalCents: number };
  caps: { hits: number; cappedCents: number; exceeded: number; listed: CapHit[] };
  durationMs: number;
  /** Where the time went: the set-based check, the reversals, the grants and the caps check. */
  phasesMs: { population: number; reversals: number; bonuses: number; caps: number };
  /** Money anomalies open when the report is read (not stored with it): each holds an affiliate's payouts. */
  operatorExceptions?: { open: number; affiliates: number; amountCents: number; oldestAt: string | null };
}

/** The revenue share window rule of one tier in one settings version, from `effectiveFrom` on. */
export interface RevenueShareWindowVersion {
  effectiveFrom: Date;
  tier: RevenueShareTier;
  monthlyPaidAboveCents: number;
  durationMonths: number | null;
}

/** Before any version was stored, the defaults were in force (since before any fact: the epoch). */
const beginningOfTime = new Date(0);

/**
 * The window rule of every tier in every settings version, in version order (the last version
 * whose `effectiveFrom` is at or before a time is the one in force then). The search for missed
 * revenue shares applies to each invoice the version in force when it was paid, as a grant does.
 */
export function revenueShareWindowsByVersion(
  versions: ReadonlyArray<{ effectiveFrom: Date; settings: ProgramSettings }>,
): RevenueShareWindowVersion[] {
  const all = [{ effectiveFrom: beginningOfTime, settings: defaultProgramSettings }, ...versions];
  return all.flatMap((version) =>
    revenueShareTiers.map((tier) => ({
      effectiveFrom: version.effectiveFrom,
      tier,
      ...revenueShareWindowRule(tier, version.settings),
    })),
  );
}

/** What each referral source earns, as the search for missed tiers reads it. */
export const referralSourceRules: ReadonlyArray<{
  source: ReferralSource;
  revenueShareTier: RevenueShareTier;
  earnsMilestones: boolean;
}> = referralSources.map((source) => ({
  source,
  revenueShareTier: revenueShareTierFor(source),
  earnsMilestones: earnsMilestoneBonuses(source),
}));
