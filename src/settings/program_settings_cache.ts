import type { Queryable } from '../platform/db/database.js';
import {
  defaultProgramSettings,
  type ProgramSettings,
  storedProgramSettings,
} from './rules/program_settings.js';
import { selectProgramSettingsVersions } from './storage/program_settings.js';

interface SettingsVersion {
  version: number;
  effectiveFrom: Date;
  settings: ProgramSettings;
}

const reloadIntervalMs = 10_000;

/**
 * Program settings by time. Versions are few and change rarely, so all are kept in memory and
 * reloaded every few seconds (other processes may add versions); `at(time)` is synchronous.
 */
export class ProgramSettingsCache {
  private versions: SettingsVersion[] = [];
  private loadedAtMs = 0;

  constructor(private readonly db: Queryable) {}

  async load(): Promise<void> {
    const rows = await selectProgramSettingsVersions(this.db);
    this.versions = rows.map((row) => ({
      version: row.version,
      effectiveFrom: row.effective_from,
      settings: storedProgramSettings(row.settings),
    }));
    this.loadedAtMs = Date.now();
  }

  /** Reloads when stale; cheap to call on every request. */
  async fresh(): Promise<this> {
    if (Date.now() - this.loadedAtMs > reloadIntervalMs) await this.load();
    return this;
  }

  at(time: Date): ProgramSettings {
    return this.versionAt(time)?.settings ?? defaultProgramSettings;
  }

  versionAt(time: Date): SettingsVersion | undefined {
    let found: SettingsVersion | undefined;
    for (const version of this.versions) {
      if (version.effectiveFrom.getTime() <= time.getTime()) found = version;
    }
    return found;
  }

  history(): readonly SettingsVersion[] {
    return this.versions;
  }
}
