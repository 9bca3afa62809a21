import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listMigrations, migrate } from '../../src/platform/db/migrate.js';
import { dumpPgliteDataDir, openPglite } from '../../src/platform/db/pglite.js';

/**
 * A migrated PGlite data folder, made once per schema and reused by every test file: starting
 * PGlite from it skips `initdb` and the migrations, the slowest part of a fresh in-memory database
 * (measured 19 s fresh against 3–6 s from the template on a loaded 2-core machine). The file name
 * carries a hash of the PGlite version and every migration, so a new migration makes a new one.
 */
let cached: Promise<Blob> | null = null;

export function migratedPgliteTemplate(): Promise<Blob> {
  cached ??= loadOrMake();
  return cached;
}

function templatePath(): string {
  const { version } = JSON.parse(
    readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  const hash = createHash('sha256').update(version);
  for (const migration of listMigrations()) hash.update(`${migration.version}\n${migration.sql}\n`);
  return join(tmpdir(), `emdash-test-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
}

async function loadOrMake(): Promise<Blob> {
  const path = templatePath();
  if (existsSync(path)) return new Blob([readFileSync(path)]);
  const db = await openPglite('memory://');
  await migrate(db);
  const dump = await dumpPgliteDataDir(db);
  await db.close();
  // Written aside and renamed, so a test file running beside this one never reads half a file.
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, path);
  return dump;
}
