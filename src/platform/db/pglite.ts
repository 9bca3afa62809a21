import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { type DataFolderLock, lockDataFolder } from './data_folder_lock.js';
import { holdsCluster, usablePgliteTemplate } from './pglite_template.js';
import type { Database, Queryable } from './queryable.js';

const parsers = { [types.INT8]: (value: string) => toSafeNumber(value) };

function toSafeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new Error(`bigint ${value} exceeds the safe integer range`);
  return parsed;
}

function wrap(client: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<Row>(sql: string, params?: readonly unknown[]) {
      // The parsers are the client's own (set at creation): a per-query `parsers` option makes
      // PGlite copy its whole parser table (300+ types) on every statement.
      const result = await client.query<Row>(sql, params as unknown[] | undefined);
      return result.rows;
    },
    async exec(sql: string) {
      await client.exec(sql);
    },
  };
}

/**
 * `dataDir` of `memory://` keeps everything in memory (tests). A folder is held by one process at a
 * time (two PGlite instances on one folder overwrite each other's writes): opening a folder another
 * live process holds throws `DataFolderInUseError`.
 */
export interface PgliteOptions {
  /** An in-memory database starts from this dump (`dumpPgliteDataDir`) instead of an empty cluster. */
  loadDataDir?: Blob;
}

export async function openPglite(dataDir: string, options: PgliteOptions = {}): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  let lock: DataFolderLock | undefined;
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    lock = lockDataFolder(dataDir, process.argv.slice(2).join(' ') || 'node');
  }
  let client: PGlite;
  try {
    // A fresh folder starts from the migrated template `npm install` made, when there is one
    // (EMDASH_PGLITE_TEMPLATE=off runs initdb instead, as the start-up bench's reference).
    const template =
      inMemory || holdsCluster(dataDir) || process.env.EMDASH_PGLITE_TEMPLATE === 'off'
        ? undefined
        : usablePgliteTemplate();
    client = inMemory
      ? await PGlite.create(options.loadDataDir ? { parsers, loadDataDir: options.loadDataDir } : { parsers })
      : await PGlite.create(dataDir, template ? { parsers, loadDataDir: template } : { parsers });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const queryable = wrap(client);
  const database: Database = {
    kind: 'pglite',
    query: queryable.query,
    transaction: (work) => client.transaction((tx) => work(wrap(tx))),
    // The single connection delivers NOTIFY to its own listeners once a transaction commits.
    listen: (channel, onPayload) => client.listen(channel, onPayload),
    exec: queryable.exec,
    async close() {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
  clients.set(database, client);
  return database;
}

const clients = new WeakMap<Database, PGlite>();

/** The whole data folder of an open PGlite database as a tarball, for `loadDataDir` (test templates). */
export function dumpPgliteDataDir(db: Database, compression: 'none' | 'gzip' = 'none'): Promise<Blob> {
  const client = clients.get(db);
  if (!client) throw new Error('not a PGlite database');
  return client.dumpDataDir(compression);
}
