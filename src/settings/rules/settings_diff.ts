import type { ProgramSettings } from './program_settings.js';

export interface SettingChange {
  key: keyof ProgramSettings;
  before: unknown;
  after: unknown;
}

/** The settings whose values differ between two versions, in the schema's key order. */
export function diffProgramSettings(before: ProgramSettings, after: ProgramSettings): SettingChange[] {
  const changes: SettingChange[] = [];
  for (const key of Object.keys(after) as Array<keyof ProgramSettings>) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changes.push({ key, before: before[key], after: after[key] });
    }
  }
  return changes;
}
