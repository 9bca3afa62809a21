import { isCompanyDomain, normalizeEmail } from '../../referrals/rules/email.js';
import type { ActualFigures, PeriodMeasures } from './actual_figures.js';
import { returnOnInvestment } from './project_results.js';
import { floor, rational } from './rational.js';

/**
 * The brief's growth loop, measured: do users become affiliates, how much of new annual contract
 * value the channel brings, and what an activated account costs through it against outbound sales.
 */

/**
 * Outbound sales' cost per account when none is configured: the brief's "Traditional SaaS" column,
 * at its cheapest — $150 per lead at a 5 % cold-outreach close rate is $150 ÷ 0.05 = $3,000 per
 * closed account. The brief's claim to check is that the channel costs "roughly one-fifth" of it.
 */
export const defaultOutboundCostPerAccountCents = 300_000;

export interface JoinedAffiliate {
  email: string;
  createdAt: Date;
}

/** Earliest signup time of a referred team, by its signup email and by its email domain. */
export interface ReferredSignupIndex {
  byEmail: ReadonlyMap<string, Date>;
  byDomain: ReadonlyMap<string, Date>;
}

/**
 * An affiliate was referred themselves when, before the affiliate was created, a referred team
 * (attributed, not rejected) signed up with the affiliate's own email, or with the affiliate's
 * company domain (never a free-mail or disposable domain, which says nothing about a company).
 */
export function wasReferredThemselves(affiliate: JoinedAffiliate, referred: ReferredSignupIndex): boolean {
  const email = normalizeEmail(affiliate.email);
  const domain = email.slice(email.lastIndexOf('@') + 1);
  const before = (at: Date | undefined) => at !== undefined && at.getTime() < affiliate.createdAt.getTime();
  return (
    before(referred.byEmail.get(email)) || (isCompanyDomain(domain) && before(referred.byDomain.get(domain)))
  );
}

export interface GrowthFigures {
  affiliatesJoined: number;
  referredAffiliatesJoined: number;
  /** referred ÷ joined, in basis points (half up); null when nobody joined */
  referredAffiliateShareBasisPoints: number | null;
  channelNewAcvCents: number;
  /** The denominator: the configured total for the period, or every subscription billing knows. */
  totalNewAcvCents: number;
  totalNewAcvSource: 'billing' | 'input';
  channelAcvShareBasisPoints: number | null;
  /** floor(commissions ÷ activated accounts); null without activations */
  costPerActivatedAccountCents: number | null;
  outboundCostPerAccountCents: number;
  /** outbound cost ÷ channel cost, in tenths (half up): the brief expects about 50 (5.0x) */
  outboundToChannelCostTenths: number | null;
}

function shareBasisPoints(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Number(floor(rational(BigInt(part) * 20_000n + BigInt(whole), BigInt(whole) * 2n)));
}

export function growthFigures(
  measures: PeriodMeasures,
  figures: ActualFigures,
  inputs: { outboundCostPerAccountCents: number; totalNewAcvCents: number | undefined },
): GrowthFigures {
  const totalNewAcvCents = inputs.totalNewAcvCents ?? measures.billingNewAcvCents;
  const costPerActivatedAccountCents =
    figures.activatedAccounts === 0n
      ? null
      : floor(rational(figures.commissionsCents, figures.activatedAccounts));
  const costRatio =
    costPerActivatedAccountCents === null
      ? null
      : returnOnInvestment(BigInt(inputs.outboundCostPerAccountCents), costPerActivatedAccountCents);
  return {
    affiliatesJoined: measures.affiliatesJoined,
    referredAffiliatesJoined: measures.referredAffiliatesJoined,
    referredAffiliateShareBasisPoints: shareBasisPoints(
      measures.referredAffiliatesJoined,
      measures.affiliatesJoined,
    ),
    channelNewAcvCents: measures.channelNewAcvCents,
    totalNewAcvCents,
    totalNewAcvSource: inputs.totalNewAcvCents === undefined ? 'billing' : 'input',
    channelAcvShareBasisPoints: shareBasisPoints(measures.channelNewAcvCents, totalNewAcvCents),
    costPerActivatedAccountCents:
      costPerActivatedAccountCents === null ? null : Number(costPerActivatedAccountCents),
    outboundCostPerAccountCents: inputs.outboundCostPerAccountCents,
    outboundToChannelCostTenths: costRatio === null ? null : Number(costRatio.roundedTenths),
  };
}
