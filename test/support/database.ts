import pg from 'pg';
import type { Database } from '../../src/platform/db/database.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { randomBase62 } from '../../src/platform/ids.js';
import { migratedPgliteTemplate } from './pglite_template.js';

/** Which database the suite runs on: `EMDASH_TEST_DB=postgres` or the default, PGlite. */
export const testDatabaseKind: 'pglite' | 'postgres' =
  process.env.EMDASH_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export const testPostgresUrl =
  process.env.EMDASH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db: Database;
  /** A connection string for a second process (PostgreSQL only). */
  url: string | undefined;
  drop(): Promise<void>;
}

/** A fresh, empty database of the suite's kind: in-memory PGlite, or a new PostgreSQL database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind === 'pglite') {
    const db = await openPglite('memory://', { loadDataDir: await migratedPgliteTemplate() });
    return { db, url: undefined, drop: () => db.close() };
  }
  const name = `emdash_test_${randomBase62(12).toLowerCase()}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: testPostgresUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
