import pg from 'pg';
import { listenOnDedicatedClient } from './postgres_listener.js';
import type { Database, Queryable } from './queryable.js';

const INT8_OID = 20;

function toSafeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new Error(`bigint ${value} exceeds the safe integer range`);
  return parsed;
}

const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return toSafeNumber;
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads do not accept a union format
    return pg.types.getTypeParser(oid, format as any);
  },
};

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params?: readonly unknown[]) {
      const result = await client.query({
        text: sql,
        values: params as unknown[] | undefined,
        types: typeParsers,
      });
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

export const postgresPoolSizeMax = 20;

export async function openPostgres(connectionString: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: postgresPoolSizeMax, types: typeParsers });
  // An idle connection dropped by the server (restart, failover) is replaced on next use; without
  // a listener its error event would end the process.
  pool.on('error', (error) => {
    process.emitWarning(`idle PostgreSQL connection closed: ${error.message}`);
  });
  // Fail fast at start with a clear message rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const queryable = wrap(pool);
  return {
    kind: 'postgres',
    query: queryable.query,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    exec: queryable.exec,
    listen: (channel, onPayload) => listenOnDedicatedClient(connectionString, channel, onPayload),
    close: () => pool.end(),
  };
}
