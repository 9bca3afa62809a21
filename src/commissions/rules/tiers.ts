import { embeddedId } from '../../platform/rules/external_ids.js';
import { type ReferralSource, referralSources } from '../../referrals/rules/attribution.js';

export { type ReferralSource, referralSources };

/** Commission tiers (SPEC §3). `content` is the lifetime share of content-tagged referrals. */
export const commissionTiers = ['tier1', 'tier2', 'tier3', 'tier4', 'content'] as const;
export type CommissionTier = (typeof commissionTiers)[number];

export const milestoneTiers = ['tier1', 'tier2'] as const;
export type MilestoneTier = (typeof milestoneTiers)[number];

export const revenueShareTiers = ['tier3', 'tier4', 'content'] as const;
export type RevenueShareTier = (typeof revenueShareTiers)[number];

/** A referred team stored without a source (attributed before sources were kept) came by a direct link. */
export const defaultReferralSource: ReferralSource = 'direct_link';

export function referralSourceOf(stored: ReferralSource | null): ReferralSource {
  return stored ?? defaultReferralSource;
}

/** Agency teams earn Tier 4 instead of Tiers 1–3; content referrals earn the lifetime share instead of Tier 3. */
export function revenueShareTierFor(source: ReferralSource): RevenueShareTier {
  if (source === 'agency') return 'tier4';
  if (source === 'content') return 'content';
  return 'tier3';
}

export function earnsMilestoneBonuses(source: ReferralSource): boolean {
  return source !== 'agency';
}

/**
 * The deterministic commission id: one milestone per team, one revenue share per invoice. Team ids
 * are at most 128 characters; an invoice id (up to 255) is embedded in its bounded form, so the
 * ids of the commission's transfers stay bounded too.
 */
export function commissionIdFor(
  input: { tier: MilestoneTier; teamId: string } | { tier: RevenueShareTier; invoiceId: string },
): string {
  return 'teamId' in input ? `${input.tier}:${input.teamId}` : `${input.tier}:${embeddedId(input.invoiceId)}`;
}
