import type { z } from 'zod';
import {
  defaultProgramSettings,
  type ProgramSettings,
  programSettingsSchema,
} from '../../settings/rules/program_settings.js';

/**
 * Which program settings a what-if can replay over recorded history, and the settings timeline it
 * replays them with. Pure: versions and changes come in, no database or clock.
 *
 * The replay keeps everything the program recorded as it happened — attribution (who referred
 * each team, by which rule and source), lifecycle events, usage, team sizes, invoices and refunds —
 * and recomputes only what commission settings decide from those facts. Settings that would have
 * changed the facts themselves (attribution, activation, dedupe) or the timing of money
 * (sustained, payout delay, minimum) cannot be replayed from them and are refused.
 */
export const replayableSettingKeys = [
  'tier1BonusCents',
  'tier1ActiveDays',
  'tier2BonusCents',
  'tier2MembersMin',
  'tier2ActiveDays',
  'tier3RateBasisPoints',
  'tier3MonthlyPaidThresholdCents',
  'tier3DurationMonths',
  'tier3AffiliateMonthlyCapCents',
  'tier4RateBasisPoints',
  'tier4DurationMonths',
  'tier4AgencyMonthlyCapCents',
  'contentRateBasisPoints',
  'contentAccountCeilingCents',
  'earlyChurnWindowDays',
] as const satisfies ReadonlyArray<keyof ProgramSettings>;

const replayableKeySet: ReadonlySet<string> = new Set(replayableSettingKeys);

/** The changed settings a what-if takes: any subset of the program settings, each validated as when saved. */
export const whatIfSettingsChangesSchema = programSettingsSchema.partial();
export type WhatIfSettingsChanges = z.infer<typeof whatIfSettingsChangesSchema>;

export function isReplayableSetting(key: string): boolean {
  return replayableKeySet.has(key);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The changes that differ from the settings in force now, as `{key: {current, whatIf}}`, split into
 * those the replay can apply and those it cannot. A setting given with its current value changes
 * nothing, whatever its kind (a form that posts every field is welcome).
 */
export function classifySettingsChanges(
  changes: WhatIfSettingsChanges,
  current: ProgramSettings,
): {
  changed: Record<string, { current: unknown; whatIf: unknown }>;
  unreplayable: string[];
} {
  const changed: Record<string, { current: unknown; whatIf: unknown }> = {};
  const unreplayable: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const currentValue = current[key as keyof ProgramSettings];
    if (sameValue(currentValue, value)) continue;
    if (!isReplayableSetting(key)) unreplayable.push(key);
    else changed[key] = { current: currentValue, whatIf: value };
  }
  return { changed, unreplayable: unreplayable.sort() };
}

export interface SettingsVersion {
  effectiveFrom: Date;
  settings: ProgramSettings;
}

/** The settings in force at any instant: the last version that took effect at or before it. */
export type SettingsTimeline = (time: Date) => ProgramSettings;

/** Before any version was stored the defaults were in force. */
export function settingsTimeline(versions: readonly SettingsVersion[]): SettingsTimeline {
  const ordered = [...versions].sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());
  return (time) => {
    let found: ProgramSettings = defaultProgramSettings;
    for (const version of ordered) {
      if (version.effectiveFrom.getTime() <= time.getTime()) found = version.settings;
      else break;
    }
    return found;
  };
}

/**
 * Every version (the defaults first) with the changed settings laid over it, each checked by the
 * settings schema as a saved version would be: the what-if changes the settings across the whole
 * history and keeps the rest of each version as it was.
 */
export function overlaidVersions(
  versions: readonly SettingsVersion[],
  changes: Partial<ProgramSettings>,
): SettingsVersion[] {
  const all = [{ effectiveFrom: new Date(0), settings: defaultProgramSettings }, ...versions];
  return all.map((version) => ({
    effectiveFrom: version.effectiveFrom,
    settings: programSettingsSchema.parse({ ...version.settings, ...changes }),
  }));
}
