import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './queryable.js';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Any fixed number: all processes that migrate one PostgreSQL database take the same lock. */
const migrationLockKey = 7_310_431;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: readFileSync(join(migrationsDir, file), 'utf8'),
    }));
}

/**
 * Whether the database already holds exactly these migrations, read in one query (no lock, no
 * transaction): a start on an up-to-date database skips the migrating transaction. A database
 * without the table yet answers false.
 */
async function isUpToDate(db: Database, migrations: readonly Migration[]): Promise<boolean> {
  try {
    const [row] = await db.query<{ applied: number; latest: number | null; versionsSum: number }>(
      `SELECT count(*)::int AS applied, max(version) AS latest, coalesce(sum(version), 0)::int AS "versionsSum"
         FROM schema_migrations`,
    );
    let versionsSum = 0;
    for (const migration of migrations) versionsSum += migration.version;
    return (
      row?.applied === migrations.length &&
      row.latest === (migrations.at(-1)?.version ?? null) &&
      row.versionsSum === versionsSum
    );
  } catch {
    return false;
  }
}

/**
 * Applies pending migrations in order inside one transaction, under a transaction-level advisory
 * lock so that several processes starting at once migrate exactly once. Returns the versions applied.
 */
export async function migrate(db: Database): Promise<number[]> {
  if (await isUpToDate(db, listMigrations())) return [];
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((row) => row.version));
    const applied: number[] = [];
    for (const migration of listMigrations()) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
