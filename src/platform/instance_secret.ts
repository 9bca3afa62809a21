import type { Queryable } from './db/database.js';
import { randomBase62 } from './ids.js';

/** Returns the named per-installation secret, creating it once (race-safe across processes). */
export async function instanceSecret(db: Queryable, name: string): Promise<string> {
  await db.query('INSERT INTO instance_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
    name,
    randomBase62(43),
  ]);
  const rows = await db.query<{ value: string }>('SELECT value FROM instance_secrets WHERE name = $1', [
    name,
  ]);
  return rows[0]!.value;
}
