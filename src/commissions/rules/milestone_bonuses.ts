import type { ProgramSettings } from '../../settings/rules/program_settings.js';
import { earnsMilestoneBonuses, type MilestoneTier, type ReferralSource } from './tiers.js';

export interface TeamMilestoneFacts {
  source: ReferralSource;
  /** Current number of members of the team. */
  members: number;
  /** UTC days with at least one API call since signup. */
  activeDays: number;
}

export interface MilestoneBonus {
  tier: MilestoneTier;
  amountCents: number;
}

type MilestoneSettings = Pick<
  ProgramSettings,
  'tier1BonusCents' | 'tier1ActiveDays' | 'tier2BonusCents' | 'tier2MembersMin' | 'tier2ActiveDays'
>;

/** The milestones the facts meet, whether granted or not. Tier 2 implies Tier 1: a team reaching it has both. */
export function milestonesReached(facts: TeamMilestoneFacts, settings: MilestoneSettings): MilestoneTier[] {
  if (!earnsMilestoneBonuses(facts.source)) return [];
  const tier2 = facts.members >= settings.tier2MembersMin && facts.activeDays >= settings.tier2ActiveDays;
  const tier1 = tier2 || facts.activeDays >= settings.tier1ActiveDays;
  const reached: MilestoneTier[] = [];
  if (tier1) reached.push('tier1');
  if (tier2) reached.push('tier2');
  return reached;
}

/** Milestone bonuses the team is due that were not granted yet, with their amounts. */
export function milestoneBonusesDue(
  facts: TeamMilestoneFacts,
  granted: ReadonlySet<MilestoneTier>,
  settings: MilestoneSettings,
): MilestoneBonus[] {
  return milestonesReached(facts, settings)
    .filter((tier) => !granted.has(tier))
    .map((tier) => ({ tier, amountCents: milestoneBonusCents(tier, settings) }));
}

/** What a milestone pays under `settings`. */
export function milestoneBonusCents(
  tier: MilestoneTier,
  settings: Pick<ProgramSettings, 'tier1BonusCents' | 'tier2BonusCents'>,
): number {
  return tier === 'tier1' ? settings.tier1BonusCents : settings.tier2BonusCents;
}

/**
 * When a milestone found by an evaluation as of `asOf` counts as earned: then, or now if `asOf`
 * lies ahead. Its amount and thresholds are the settings in force at that instant.
 */
export function milestoneEarnedAt(asOf: Date, now: Date): Date {
  return asOf.getTime() < now.getTime() ? asOf : now;
}
