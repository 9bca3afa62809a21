import type { Queryable } from '../../platform/db/database.js';

export interface ProgramSettingsRow {
  version: number;
  effective_from: Date;
  /** The stored JSON object; parsed over the defaults by the reader. */
  settings: unknown;
}

/** Every settings version, in the order they take effect. */
export async function selectProgramSettingsVersions(db: Queryable): Promise<ProgramSettingsRow[]> {
  return db.query<ProgramSettingsRow>(
    'SELECT version, effective_from, settings FROM program_settings ORDER BY effective_from, version',
  );
}

/** Stores a new settings version; returns the version number the database gave it. */
export async function insertProgramSettingsVersion(
  db: Queryable,
  version: { effectiveFrom: Date; settings: object; createdAt: Date },
): Promise<number> {
  const [row] = await db.query<{ version: number }>(
    'INSERT INTO program_settings (effective_from, settings, created_at) VALUES ($1, $2, $3) RETURNING version',
    [version.effectiveFrom, JSON.stringify(version.settings), version.createdAt],
  );
  if (!row) throw new Error('inserting a program settings version returned no version');
  return row.version;
}
