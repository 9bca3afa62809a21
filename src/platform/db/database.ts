import type { Database } from './queryable.js';

// The storage types live in queryable.ts so that the drivers this file loads never import it back.
export type { Database, Queryable } from './queryable.js';

/** Opens the program's database: PostgreSQL when a URL is configured, otherwise embedded PGlite. */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
}): Promise<Database> {
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(options.databaseUrl);
  }
  const { openPglite } = await import('./pglite.js');
  return openPglite(options.dataDir);
}
