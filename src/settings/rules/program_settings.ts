import { z } from 'zod';

/** A host name as a link destination names it: lowercase labels, no scheme, port, path or wildcard. */
export const hostNamePattern =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
export const linkDestinationHostsMax = 100;

/** Every tunable of the program (SPEC §3). Amounts in integer cents, rates in basis points. */
export const programSettingsSchema = z
  .object({
    cookieWindowDays: z.number().int().min(1).max(365),
    attributionModel: z.enum(['last_click', 'first_click']),
    clickDedupeWindowMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
    activationRule: z.enum(['api_calls', 'active_days']),
    activationApiCalls: z.number().int().min(1).max(1_000_000_000),
    activationActiveDays: z.number().int().min(1).max(365),
    sustainedDays: z.number().int().min(1).max(3650),
    earlyChurnWindowDays: z.number().int().min(0).max(365),
    payoutDelayDays: z.number().int().min(0).max(365),
    minPayoutCents: z.number().int().min(0).max(100_000_000),
    usageDedupeWindowDays: z.number().int().min(1).max(365),
    tier1BonusCents: z.number().int().min(0).max(100_000_000),
    tier1ActiveDays: z.number().int().min(1).max(365),
    tier2BonusCents: z.number().int().min(0).max(100_000_000),
    tier2MembersMin: z.number().int().min(1).max(1_000_000),
    tier2ActiveDays: z.number().int().min(1).max(365),
    tier3RateBasisPoints: z.number().int().min(0).max(10_000),
    tier3MonthlyPaidThresholdCents: z.number().int().min(0).max(100_000_000),
    tier3DurationMonths: z.number().int().min(1).max(120),
    tier3AffiliateMonthlyCapCents: z.number().int().min(0).max(100_000_000),
    tier4RateBasisPoints: z.number().int().min(0).max(10_000),
    tier4DurationMonths: z.number().int().min(1).max(120),
    tier4AgencyMonthlyCapCents: z.number().int().min(0).max(100_000_000),
    contentRateBasisPoints: z.number().int().min(0).max(10_000),
    contentAccountCeilingCents: z.number().int().min(0).max(1_000_000_000),
    /** Links may point only at these hosts and their subdomains, so the redirect is never an open one. */
    linkDestinationHosts: z
      .array(z.string().regex(hostNamePattern, 'a lowercase host name such as emdash.dev'))
      .min(1)
      .max(linkDestinationHostsMax),
    /** A payout run creates its payouts but moves no money until a program manager approves it. */
    payoutApprovalRequired: z.boolean(),
  })
  .strict();

export type ProgramSettings = z.infer<typeof programSettingsSchema>;

export const defaultProgramSettings: ProgramSettings = {
  cookieWindowDays: 90,
  attributionModel: 'last_click',
  clickDedupeWindowMinutes: 60,
  activationRule: 'api_calls',
  activationApiCalls: 1_000,
  activationActiveDays: 30,
  sustainedDays: 90,
  earlyChurnWindowDays: 30,
  payoutDelayDays: 30,
  minPayoutCents: 5_000,
  usageDedupeWindowDays: 35,
  tier1BonusCents: 5_000,
  tier1ActiveDays: 7,
  tier2BonusCents: 25_000,
  tier2MembersMin: 6,
  tier2ActiveDays: 30,
  tier3RateBasisPoints: 1_500,
  tier3MonthlyPaidThresholdCents: 50_000,
  tier3DurationMonths: 6,
  tier3AffiliateMonthlyCapCents: 200_000,
  tier4RateBasisPoints: 2_000,
  tier4DurationMonths: 12,
  tier4AgencyMonthlyCapCents: 500_000,
  contentRateBasisPoints: 1_500,
  contentAccountCeilingCents: 150_000,
  linkDestinationHosts: ['emdash.dev'],
  payoutApprovalRequired: false,
};

/**
 * A stored version's settings: the stored object over the defaults (a setting added after the
 * version was stored takes its default), validated as when saved.
 */
export function storedProgramSettings(stored: unknown): ProgramSettings {
  return programSettingsSchema.parse({ ...defaultProgramSettings, ...(stored as object) });
}

export const msPerDay = 86_400_000;
