import { describe, expect, it } from 'vitest';
import { milestoneBonusesDue, milestonesReached } from '../../../src/commissions/rules/milestone_bonuses.js';
import type { MilestoneTier, ReferralSource } from '../../../src/commissions/rules/tiers.js';
import { defaultProgramSettings as settings } from '../../../src/settings/rules/program_settings.js';

describe('milestone bonuses (Tiers 1 and 2)', () => {
  it.each<[string, ReferralSource, number, number, MilestoneTier[]]>([
    ['6 active days earn nothing', 'direct_link', 1, 6, []],
    ['exactly 7 active days earn Tier 1', 'direct_link', 1, 7, ['tier1']],
    ['5 members and 30 days are not more than 5 members', 'direct_link', 5, 30, ['tier1']],
    ['6 members and 29 days are short of 30 days', 'direct_link', 6, 29, ['tier1']],
    ['6 members and 30 days earn both tiers', 'direct_link', 6, 30, ['tier1', 'tier2']],
    ['content referrals earn both tiers too', 'content', 40, 90, ['tier1', 'tier2']],
    ['agency teams earn Tier 4 instead', 'agency', 40, 90, []],
    ['many members without activity earn nothing', 'direct_link', 50, 0, []],
  ])('%s', (_name, source, members, activeDays, expected) => {
    expect(milestonesReached({ source, members, activeDays }, settings)).toEqual(expected);
  });

  it('reports only bonuses not granted yet, with their amounts', () => {
    const facts = { source: 'direct_link' as const, members: 8, activeDays: 31 };
    expect(milestoneBonusesDue(facts, new Set(), settings)).toEqual([
      { tier: 'tier1', amountCents: 5_000 },
      { tier: 'tier2', amountCents: 25_000 },
    ]);
    expect(milestoneBonusesDue(facts, new Set(['tier1']), settings)).toEqual([
      { tier: 'tier2', amountCents: 25_000 },
    ]);
    expect(milestoneBonusesDue(facts, new Set(['tier1', 'tier2']), settings)).toEqual([]);
  });

  it('a team reaching Tier 2 earns both even when Tier 1 needs more days than Tier 2', () => {
    const custom = { ...settings, tier1ActiveDays: 60 };
    expect(milestonesReached({ source: 'direct_link', members: 6, activeDays: 30 }, custom)).toEqual([
      'tier1',
      'tier2',
    ]);
  });
});
