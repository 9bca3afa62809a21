import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listMigrations, type Migration } from './migrate.js';

/**
 * A migrated, empty PGlite data folder as a tarball, made by `npm install` (the `prepare` script,
 * scripts/build_server.mjs): a fresh data folder starts from it instead of running `initdb` and
 * every migration, the slowest part of a first start. It holds no secret (the visitor-hash salt is
 * generated per folder on first start) and no row.
 */
export const pgliteTemplateFile = fileURLToPath(
  new URL('../../../dist/pglite-template.tar.gz', import.meta.url),
);
export const pgliteTemplateManifestFile = pgliteTemplateFile.replace(/\.tar\.gz$/, '.json');

export interface TemplateManifest {
  pgliteVersion: string;
  /** Migration version → SHA-256 of its SQL, as applied in the template. */
  migrations: Record<string, string>;
}

export function sqlHash(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

export function pgliteVersion(): string {
  const packageFile = fileURLToPath(
    new URL('../../../node_modules/@electric-sql/pglite/package.json', import.meta.url),
  );
  return (JSON.parse(readFileSync(packageFile, 'utf8')) as { version: string }).version;
}

/**
 * The template when it can start a fresh folder of this code: made by this PGlite version, and
 * every migration it holds is one of today's, unchanged (later ones are applied on top by
 * `migrate`). Otherwise undefined, and the folder is made by `initdb` as before.
 */
export function usablePgliteTemplate(): Blob | undefined {
  if (!existsSync(pgliteTemplateFile) || !existsSync(pgliteTemplateManifestFile)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(pgliteTemplateManifestFile, 'utf8')) as TemplateManifest;
    if (manifest.pgliteVersion !== pgliteVersion()) return undefined;
    const current = new Map(listMigrations().map((migration) => [String(migration.version), migration]));
    for (const [version, hash] of Object.entries(manifest.migrations)) {
      const migration = current.get(version);
      if (!migration || sqlHash(migration) !== hash) return undefined;
    }
    return new Blob([readFileSync(pgliteTemplateFile)]);
  } catch {
    return undefined;
  }
}

/** Whether `dataDir` already holds a database cluster. */
export function holdsCluster(dataDir: string): boolean {
  return existsSync(`${dataDir}/PG_VERSION`);
}
