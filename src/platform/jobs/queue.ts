import PgBoss from 'pg-boss';
import type { Context } from '../../app/context.js';
import type { Queryable } from '../db/database.js';

/**
 * pg-boss, the PostgreSQL-backed queue, on either database: on PostgreSQL it keeps its own pool;
 * on PGlite it runs its SQL through our connection (statements without parameters may be several,
 * which only `exec` accepts).
 */
export function createQueue(context: Context): PgBoss {
  const common = { schema: 'pgboss', supervise: true, schedule: false, migrate: true } as const;
  if (context.db.kind === 'postgres' && context.config.databaseUrl) {
    return new PgBoss({ ...common, connectionString: context.config.databaseUrl, max: 4 });
  }
  return new PgBoss({ ...common, db: pgliteAdapter(context.db) });
}

export function pgliteAdapter(db: Queryable) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) {
        const rows = await db.query(text, values);
        return { rows, rowCount: rows.length };
      }
      try {
        const rows = await db.query(text);
        return { rows, rowCount: rows.length };
      } catch (error) {
        if (!String((error as Error).message).includes('multiple commands')) throw error;
        try {
          await db.exec(text);
        } catch (scriptError) {
          // A failed script that opened a transaction leaves PGlite's only connection aborted,
          // and every later statement of the process would fail: end it before reporting.
          await db.exec('ROLLBACK').catch(() => undefined);
          throw scriptError;
        }
        return { rows: [], rowCount: 0 };
      }
    },
  };
}
