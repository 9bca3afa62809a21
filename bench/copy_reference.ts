import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { migrate } from '../src/platform/db/migrate.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import { createScratchDatabase } from './scratch_database.js';

export type TeamSpread = 'hot' | 'spread';

/**
 * The reference for usage ingestion: PostgreSQL `COPY … FROM STDIN` of as many rows as the app
 * stored, with the same teams, into usage_events of a migrated scratch database of its own (so
 * the same columns, keys and indexes, growing run after run as the app's table does).
 */
export class CopyReference {
  private serial = 0;

  private constructor(
    private readonly url: string,
    readonly drop: () => Promise<void>,
  ) {}

  static async create(): Promise<CopyReference> {
    const scratch = await createScratchDatabase();
    const db = await openPostgres(scratch.url);
    await migrate(db);
    await db.close();
    return new CopyReference(scratch.url, scratch.drop);
  }

  /** Rows a second, counting only the COPY itself (the rows are built beforehand); NaN for no rows. */
  async rowsPerSecond(
    rowCount: number,
    spread: TeamSpread,
    teamCount: number,
    hotTeamCount: number,
  ): Promise<number> {
    if (rowCount === 0) return Number.NaN;
    const chunks = this.rows(rowCount, spread, teamCount, hotTeamCount);
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      const [before] = (await client.query<{ n: string }>('SELECT count(*) AS n FROM usage_events')).rows;
      const startedMs = performance.now();
      await pipeline(Readable.from(chunks), client.query(copyFrom('COPY usage_events FROM STDIN')));
      const seconds = (performance.now() - startedMs) / 1000;
      const [after] = (await client.query<{ n: string }>('SELECT count(*) AS n FROM usage_events')).rows;
      const copied = Number(after!.n) - Number(before!.n);
      if (copied !== rowCount) throw new Error(`COPY stored ${copied} rows of ${rowCount}`);
      return rowCount / seconds;
    } finally {
      await client.end();
    }
  }

  private rows(rowCount: number, spread: TeamSpread, teamCount: number, hotTeamCount: number): string[] {
    const occurredAt = new Date().toISOString();
    const chunks: string[] = [];
    const rowsPerChunk = 10_000;
    for (let start = 0; start < rowCount; start += rowsPerChunk) {
      let chunk = '';
      for (let index = start; index < Math.min(rowCount, start + rowsPerChunk); index++) {
        this.serial += 1;
        const team = spread === 'hot' ? index % hotTeamCount : (this.serial * 7919) % teamCount;
        chunk += `copy_${this.serial}\tteam_${team}\t${1 + (this.serial % 47)}\t${occurredAt}\n`;
      }
      chunks.push(chunk);
    }
    return chunks;
  }
}
