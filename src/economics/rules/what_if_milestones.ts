import { milestoneBonusCents, milestonesReached } from '../../commissions/rules/milestone_bonuses.js';
import { lastUtcDayBefore } from '../../commissions/rules/team_evaluation.js';
import { commissionIdFor, earnsMilestoneBonuses, milestoneTiers } from '../../commissions/rules/tiers.js';
import type { ReplayedCommission, WhatIfTeamFacts } from './what_if_facts.js';
import type { SettingsTimeline } from './what_if_settings.js';

const msPerDay = 86_400_000;

/** The first index of the sorted `days` whose day is after `day` (or at it, when `orAt`). */
function firstIndexAfter(days: readonly string[], day: string, orAt: boolean): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const before = orAt ? days[middle]! < day : days[middle]! <= day;
    if (before) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** How many of the sorted days lie in [fromDay, toDay]. */
function countDaysBetween(days: readonly string[], fromDay: string, toDay: string): number {
  if (toDay < fromDay) return 0;
  return firstIndexAfter(days, toDay, false) - firstIndexAfter(days, fromDay, true);
}

/** The size the latest report at or before `time` gave; a team nobody reported on has one member. */
function membersAsOf(team: WhatIfTeamFacts, time: Date): number {
  let members = 1;
  for (const report of team.memberReports) {
    if (report.occurredAt.getTime() > time.getTime()) break;
    members = report.members;
  }
  return members;
}

/** Whether the team met `tier` as of `time` under the settings in force then — the live engine's test. */
function reachedAt(
  team: WhatIfTeamFacts,
  tier: (typeof milestoneTiers)[number],
  time: Date,
  settingsAt: SettingsTimeline,
): boolean {
  const activeDays = countDaysBetween(
    team.activeDays,
    team.signedUpAt.toISOString().slice(0, 10),
    lastUtcDayBefore(time),
  );
  const facts = { source: team.source, members: membersAsOf(team, time), activeDays };
  return milestonesReached(facts, settingsAt(time)).includes(tier);
}

/**
 * The instants at which the team's milestone facts change, in order, up to `asOf`: the end of each
 * active day (the day counts in full then) and each team-size report.
 */
function factChangeTimes(team: WhatIfTeamFacts, asOf: Date): Date[] {
  const times = [
    ...team.activeDays.map((day) => new Date(Date.parse(`${day}T00:00:00Z`) + msPerDay)),
    ...team.memberReports.map((report) => report.occurredAt),
  ].filter((time) => time.getTime() >= team.signedUpAt.getTime() && time.getTime() <= asOf.getTime());
  return times.sort((a, b) => a.getTime() - b.getTime());
}

/**
 * The milestone bonuses a team earns under a settings timeline. A milestone the ledger recorded
 * keeps its recorded date when the facts meet it then under these settings (its amount is the one
 * in force then); otherwise it is dated at the first instant its facts meet the settings, up to
 * `asOf`. What the ledger never recorded is granted only while the affiliate is active.
 */
export function replayMilestones(
  team: WhatIfTeamFacts,
  settingsAt: SettingsTimeline,
  asOf: Date,
): ReplayedCommission[] {
  if (!team.referred || !earnsMilestoneBonuses(team.source)) return [];
  const replayed: ReplayedCommission[] = [];
  let changeTimes: Date[] | null = null;
  for (const tier of milestoneTiers) {
    const id = commissionIdFor({ tier, teamId: team.teamId });
    const recorded = team.recorded.find((commission) => commission.id === id);
    if (!recorded && !team.affiliateActive) continue;
    let earnedAt: Date | null = null;
    if (recorded && reachedAt(team, tier, recorded.earnedAt, settingsAt)) {
      earnedAt = recorded.earnedAt;
    } else {
      changeTimes ??= factChangeTimes(team, asOf);
      earnedAt = changeTimes.find((time) => reachedAt(team, tier, time, settingsAt)) ?? null;
    }
    if (earnedAt === null) continue;
    replayed.push({
      id,
      affiliateId: team.affiliateId,
      teamId: team.teamId,
      tier,
      earnedAt,
      grantedCents: milestoneBonusCents(tier, settingsAt(earnedAt)),
      cappedCents: 0,
      reversedCents: 0,
      released: false,
    });
  }
  return replayed;
}
