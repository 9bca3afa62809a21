import { type ReturnOnInvestment, returnOnInvestment } from './project_results.js';
import { floor, type Rational, rational } from './rational.js';

/**
 * What the program's own records say about one period, as storage counts them (see
 * docs/economics.md for each definition). Money in integer cents.
 */
export interface PeriodMeasures {
  /** Affiliates with at least one referred signup in the period. */
  activeAffiliates: number;
  /** `signed_up` events of attributed teams in the period. */
  referredSignups: number;
  /** `activated` events of attributed teams in the period. */
  activatedAccounts: number;
  /** Paid invoices of referred teams, paid in the period. */
  invoicedCents: number;
  /** Refunds of referred teams' invoices, refunded in the period. */
  refundedCents: number;
  /** Commissions granted in the period less those reversed in it: the ledger's program expense. */
  commissionExpenseCents: number;
  /** Money that reached affiliates in the period: the ledger's `paid` account, net of payout reversals. */
  commissionsPaidOutCents: number;
  /** 12 × the monthly amount of referred teams' subscriptions that started in the period. */
  channelNewAcvCents: number;
  /** The same over every subscription billing knows (referred or not). */
  billingNewAcvCents: number;
  /** Affiliates (approved: active or suspended) created in the period. */
  affiliatesJoined: number;
  /** Of those, the ones who were referred themselves (see `referred_affiliates.ts`). */
  referredAffiliatesJoined: number;
}

export const emptyMeasures: PeriodMeasures = {
  activeAffiliates: 0,
  referredSignups: 0,
  activatedAccounts: 0,
  invoicedCents: 0,
  refundedCents: 0,
  commissionExpenseCents: 0,
  commissionsPaidOutCents: 0,
  channelNewAcvCents: 0,
  billingNewAcvCents: 0,
  affiliatesJoined: 0,
  referredAffiliatesJoined: 0,
};

/** The Results table's rows for one period, from the measures. */
export interface ActualFigures {
  activeAffiliates: bigint;
  referredSignups: bigint;
  /** null when no affiliate was active */
  signupsPerAffiliate: Rational | null;
  /** activated ÷ signups of the same period; null without signups */
  activationRate: Rational | null;
  activatedAccounts: bigint;
  /** floor(revenue to the period's end ÷ accounts activated to its end): LTV so far; null before any activation */
  averageLtvCents: bigint | null;
  commissionsCents: bigint;
  commissionsPaidOutCents: bigint;
  /** invoiced − refunded in the period */
  revenueCents: bigint;
  /** revenue ÷ commissions; null when no commission expense */
  roi: ReturnOnInvestment | null;
  revenueToDateCents: bigint;
  activatedToDate: bigint;
}

function ratio(numerator: bigint, denominator: bigint): Rational | null {
  return denominator === 0n ? null : rational(numerator, denominator);
}

/**
 * Each period's figures, in order. LTV so far is cumulative: the revenue and activations of every
 * period up to and including this one (the periods start at the program's start).
 */
export function actualFigures(measures: readonly PeriodMeasures[]): ActualFigures[] {
  let revenueToDateCents = 0n;
  let activatedToDate = 0n;
  return measures.map((period) => {
    const referredSignups = BigInt(period.referredSignups);
    const activatedAccounts = BigInt(period.activatedAccounts);
    const revenueCents = BigInt(period.invoicedCents) - BigInt(period.refundedCents);
    const commissionsCents = BigInt(period.commissionExpenseCents);
    revenueToDateCents += revenueCents;
    activatedToDate += activatedAccounts;
    const ltv = ratio(revenueToDateCents, activatedToDate);
    return {
      activeAffiliates: BigInt(period.activeAffiliates),
      referredSignups,
      signupsPerAffiliate: ratio(referredSignups, BigInt(period.activeAffiliates)),
      activationRate: ratio(activatedAccounts, referredSignups),
      activatedAccounts,
      averageLtvCents: ltv === null ? null : floor(ltv),
      commissionsCents,
      commissionsPaidOutCents: BigInt(period.commissionsPaidOutCents),
      revenueCents,
      roi: returnOnInvestment(revenueCents, commissionsCents),
      revenueToDateCents,
      activatedToDate,
    };
  });
}
