import type { YearAssumptions } from '../../economics/rules/assumptions.js';

/**
 * How the simulated people behave. The Year-1 assumptions of the economics model (signups per
 * affiliate, activation rate, LTV) set the totals; these shares shape everything around them.
 * Each is a share of the population named beside it. docs/demo.md explains the choices.
 */
export const demoBehaviour = {
  /** of signups: the affiliate's own address or company domain (refused and flagged) */
  selfReferralShare: 0.01,
  /** of signups: a throwaway address, through a click (attributed, flagged for review) */
  disposableShare: 0.02,
  /** of signups: a colleague of an earlier referred company team, without a click */
  emailDomainShare: 0.08,
  /** of click signups: a company address (the rest use free mail) */
  companyEmailShare: 0.45,
  /** of clicks on an affiliate's links: the content-tagged link, when the affiliate has one */
  contentLinkShare: 0.35,
  /** of affiliates: those with a content-tagged link (a post, a video, a repository) */
  contentAffiliateShare: 0.5,
  /** visits that do not sign up, per signup with a click */
  idleVisitsPerSignup: 3,
  /** of idle visits: crawlers and link previews (redirected, never counted) */
  botVisitShare: 0.05,
  /** of idle visits: the same visitor again within minutes (counted once) */
  repeatVisitShare: 0.06,
  /** of signups that are not activated: teams that try the API on a few days */
  trialShare: 0.3,
  /** of signups that are not activated: teams active on 7+ days below the activation threshold */
  casualShare: 0.03,
  /** of activated teams: teams that grow past Tier 2's member minimum */
  growingTeamShare: 0.16,
  /** of paying teams: cancel within the early-churn window after their first invoice */
  earlyChurnShare: 0.06,
  /** of paying teams, each month after the first: cancel */
  monthlyChurnShare: 0.045,
  /** of paying teams: move one plan up during their life */
  upgradeShare: 0.12,
  /** of paying teams: get one of their first invoices refunded */
  refundShare: 0.04,
  /** the longest simulated life of a subscription */
  lifetimeMonthsMax: 120,
} as const;

/** Monthly plans (cents) and the share of new paying teams on each; the last one pays Tier 3. */
export const demoPlans: ReadonlyArray<{ monthlyCents: number; weight: number }> = [
  { monthlyCents: 4_900, weight: 55 },
  { monthlyCents: 14_900, weight: 30 },
  { monthlyCents: 29_900, weight: 11 },
  { monthlyCents: 64_900, weight: 4 },
];

/** The Year-1 figures the demo is calibrated on. */
export interface DemoTargets {
  signupsPerAffiliatePerYear: number;
  activationRateBasisPoints: number;
  averageLtvCents: number;
  commissionsCentsPerYear: number;
}

export function demoTargetsOf(year: YearAssumptions): DemoTargets {
  return {
    signupsPerAffiliatePerYear: year.signupsPerAffiliate,
    activationRateBasisPoints: year.activationRateBasisPoints,
    averageLtvCents: year.averageLtvCents,
    commissionsCentsPerYear: year.commissionsCents,
  };
}

/**
 * The chance that a team eligible to activate (neither a self-referral nor a throwaway address)
 * activates, so that activated teams are the target share of attributed signups.
 */
export function activationChance(targets: DemoTargets): number {
  const attributedShare = 1 - demoBehaviour.selfReferralShare;
  const eligibleShare = attributedShare - demoBehaviour.disposableShare;
  return Math.min(1, ((targets.activationRateBasisPoints / 10_000) * attributedShare) / eligibleShare);
}
