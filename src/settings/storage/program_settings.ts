import type { Queryable } from '../../platform/db/database.js';

export interface ProgramSettingsRow {
  version: number;
  effective_from: Date;
  /** The stored JSON object; parsed over the defaults by the reader (`storedProgramSettings`). */
  settings: unknown;
  /** Who added it (`user:<id>`, `key:<id>`); null for versions stored before authors were kept. */
  author: string | null;
  created_at: Date;
}

/** Every settings version with who added it and when, in the order they take effect. */
export async function selectProgramSettingsVersions(db: Queryable): Promise<ProgramSettingsRow[]> {
  return db.query<ProgramSettingsRow>(
    `SELECT version, effective_from, settings, author, created_at FROM program_settings
      ORDER BY effective_from, version`,
  );
}

/** Stores a new settings version; returns the version number the database gave it. */
export async function insertProgramSettingsVersion(
  db: Queryable,
  version: { effectiveFrom: Date; settings: object; createdAt: Date; author?: string | null },
): Promise<number> {
  const [row] = await db.query<{ version: number }>(
    `INSERT INTO program_settings (effective_from, settings, created_at, author) VALUES ($1, $2, $3, $4)
     RETURNING version`,
    [version.effectiveFrom, JSON.stringify(version.settings), version.createdAt, version.author ?? null],
  );
  if (!row) throw new Error('inserting a program settings version returned no version');
  return row.version;
}
