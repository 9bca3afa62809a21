import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { type ProgramSettings, programSettingsSchema } from './rules/program_settings.js';
import { insertProgramSettingsVersion } from './storage/program_settings.js';

export interface ProgramSettingsVersion {
  version: number | null;
  effectiveFrom: string | null;
  settings: ProgramSettings;
}

/** Adds a settings version from `effectiveFrom` (default now) on; a version never applies to the past. */
export async function updateProgramSettings(
  context: Context,
  input: { changes: Partial<ProgramSettings>; effectiveFrom?: Date | undefined; author?: string | undefined },
): Promise<ProgramSettingsVersion> {
  const now = context.clock.now();
  const effectiveFrom = input.effectiveFrom ?? now;
  if (effectiveFrom.getTime() < now.getTime()) {
    throw new AppError('validation_failed', 'a settings change cannot apply to the past', {
      path: 'effectiveFrom',
    });
  }
  await context.settings.load();
  const base = context.settings.at(effectiveFrom);
  const settings = programSettingsSchema.parse({ ...base, ...input.changes });
  const version = await insertProgramSettingsVersion(context.db, {
    effectiveFrom,
    settings,
    createdAt: now,
    author: input.author ?? null,
  });
  await context.settings.load();
  return { version, effectiveFrom: effectiveFrom.toISOString(), settings };
}

export function currentProgramSettings(context: Context): ProgramSettingsVersion {
  const version = context.settings.versionAt(context.clock.now());
  return {
    version: version?.version ?? null,
    effectiveFrom: version?.effectiveFrom.toISOString() ?? null,
    settings: context.settings.at(context.clock.now()),
  };
}
