import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.js';

const parsers = { [types.INT8]: (value: string) => toSafeNumber(value) };

function toSafeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new Error(`bigint ${value} exceeds the safe integer range`);
  return parsed;
}

function wrap(client: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<Row>(sql: string, params?: readonly unknown[]) {
      const result = await client.query<Row>(sql, params as unknown[] | undefined, { parsers });
      return result.rows;
    },
    async exec(sql: string) {
      await client.exec(sql);
    },
  };
}

/** `dataDir` of `memory://` keeps everything in memory (tests). */
export async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(inMemory ? undefined : dataDir);
  const queryable = wrap(client);
  return {
    kind: 'pglite',
    query: queryable.query,
    transaction: (work) => client.transaction((tx) => work(wrap(tx))),
    exec: queryable.exec,
    close: () => client.close(),
  };
}
