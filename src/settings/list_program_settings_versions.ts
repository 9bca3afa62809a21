import type { Context } from '../app/context.js';
import {
  defaultProgramSettings,
  type ProgramSettings,
  storedProgramSettings,
} from './rules/program_settings.js';
import { diffProgramSettings, type SettingChange } from './rules/settings_diff.js';
import { selectProgramSettingsVersions } from './storage/program_settings.js';

export interface ProgramSettingsHistoryEntry {
  version: number;
  effectiveFrom: string;
  createdAt: string;
  /** Who added it (`user:<id>`, `key:<id>`); null for versions stored before authors were kept. */
  author: string | null;
  /** True for the version in force now. */
  inForce: boolean;
  settings: ProgramSettings;
  /** What differs from the version before it in effect order (the first: from the defaults). */
  changes: SettingChange[];
}

/** Every settings version, newest in effect first, each with what it changed. */
export async function listProgramSettingsVersions(context: Context): Promise<ProgramSettingsHistoryEntry[]> {
  const rows = await selectProgramSettingsVersions(context.db);
  const now = context.clock.now().getTime();
  let previous = defaultProgramSettings;
  let inForceVersion: number | null = null;
  const entries: ProgramSettingsHistoryEntry[] = [];
  for (const row of rows) {
    const settings = storedProgramSettings(row.settings);
    if (row.effective_from.getTime() <= now) inForceVersion = Number(row.version);
    entries.push({
      version: Number(row.version),
      effectiveFrom: row.effective_from.toISOString(),
      createdAt: row.created_at.toISOString(),
      author: row.author,
      inForce: false,
      settings,
      changes: diffProgramSettings(previous, settings),
    });
    previous = settings;
  }
  for (const entry of entries) entry.inForce = entry.version === inForceVersion;
  return entries.reverse();
}
