import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { listMigrations, migrate } from './migrate.js';
import { dumpPgliteDataDir, openPglite } from './pglite.js';
import {
  pgliteTemplateFile,
  pgliteTemplateManifestFile,
  pgliteVersion,
  sqlHash,
  type TemplateManifest,
} from './pglite_template.js';

/** Builds the template from the current migrations; written aside and renamed, so no reader sees half. */
export async function writePgliteTemplate(): Promise<{ file: string; migrations: number }> {
  const db = await openPglite('memory://');
  const migrations = listMigrations();
  try {
    await migrate(db);
    const dump = await dumpPgliteDataDir(db, 'gzip');
    mkdirSync(dirname(pgliteTemplateFile), { recursive: true });
    const partial = `${pgliteTemplateFile}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, pgliteTemplateFile);
  } finally {
    await db.close();
  }
  const manifest: TemplateManifest = {
    pgliteVersion: pgliteVersion(),
    migrations: Object.fromEntries(migrations.map((migration) => [migration.version, sqlHash(migration)])),
  };
  writeFileSync(pgliteTemplateManifestFile, `${JSON.stringify(manifest)}\n`);
  return { file: pgliteTemplateFile, migrations: migrations.length };
}
