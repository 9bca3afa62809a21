/**
 * Where a demo spends its database time: runs the demo (BENCH_DEMO_AFFILIATES, default 150;
 * BENCH_DEMO_MONTHS, default 2) on a fresh PGlite folder with every statement timed, then prints
 * the statements by total time (calls, rows returned, milliseconds) and the same time summed by
 * the use case that issued it (the first `src/` file on the stack outside storage and platform).
 * Run with `node --cpu-prof --import tsx bench/demo_profile.ts` to add a CPU profile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap } from '../src/app/bootstrap.js';
import { parseDemoOptions } from '../src/demo/rules/demo_options.js';
import { runDemo } from '../src/demo/run_demo.js';
import { SimulatedClock } from '../src/platform/clock.js';
import { loadConfig } from '../src/platform/config.js';
import type { Database, Queryable } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { openPglite } from '../src/platform/db/pglite.js';
import { DatabaseClockStore } from '../src/platform/storage/program_clock.js';
import { printTable } from './figures.js';

interface Tally {
  calls: number;
  rows: number;
  ms: number;
}

const byStatement = new Map<string, Tally>();
const byCaller = new Map<string, Tally>();

function add(map: Map<string, Tally>, key: string, rows: number, ms: number): void {
  const tally = map.get(key) ?? { calls: 0, rows: 0, ms: 0 };
  tally.calls += 1;
  tally.rows += rows;
  tally.ms += ms;
  map.set(key, tally);
}

/** The first source file on the stack that is neither storage, platform nor this bench. */
function callerOf(stack: string): string {
  for (const line of stack.split('\n').slice(1)) {
    const match = /\/src\/([^:)]+)/.exec(line);
    if (!match) continue;
    const file = match[1]!;
    if (file.includes('/storage/') || file.startsWith('platform/db') || file.startsWith('platform/storage'))
      continue;
    return file;
  }
  return '(other)';
}

function timed(queryable: Queryable): Queryable {
  return {
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
      const caller = callerOf(new Error().stack ?? '');
      const startedAt = performance.now();
      const rows = await queryable.query<Row>(sql, params);
      const ms = performance.now() - startedAt;
      add(byStatement, sql.replace(/\s+/g, ' ').trim().slice(0, 110), rows.length, ms);
      add(byCaller, caller, rows.length, ms);
      return rows;
    },
    exec: (sql) => queryable.exec(sql),
  };
}

function timedDatabase(db: Database): Database {
  const plain = timed(db);
  return {
    kind: db.kind,
    query: plain.query,
    exec: plain.exec,
    transaction: (work) => db.transaction((tx) => work(timed(tx))),
    listen: (channel, onPayload) => db.listen(channel, onPayload),
    close: () => db.close(),
  };
}

function lines(map: Map<string, Tally>, count: number): string[][] {
  return [...map]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, count)
    .map(([key, tally]) => [
      String(Math.round(tally.ms)),
      String(tally.calls),
      (tally.ms / tally.calls).toFixed(2),
      String(tally.rows),
      key,
    ]);
}

const parsed = parseDemoOptions({
  affiliates: process.env.BENCH_DEMO_AFFILIATES ?? '150',
  months: process.env.BENCH_DEMO_MONTHS ?? '2',
  seed: '1',
});
if (!parsed.ok) throw new Error(parsed.problems.join('; '));
const options = parsed.options;
const dataDir = mkdtempSync(join(tmpdir(), 'emdash-demo-profile-'));
try {
  const raw = await openPglite(dataDir);
  await migrate(raw);
  const db = timedDatabase(raw);
  const clock = new SimulatedClock(options.start);
  await clock.attach(new DatabaseClockStore(raw));
  const context = await bootstrap(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), { db, clock });
  byStatement.clear();
  byCaller.clear();
  const loadAverage = loadavg()[0]!;
  const startedAt = performance.now();
  const run = await runDemo(context, options);
  const wallSeconds = (performance.now() - startedAt) / 1000;
  await raw.close();
  const totalMs = [...byCaller.values()].reduce((sum, tally) => sum + tally.ms, 0);
  const statements = [...byCaller.values()].reduce((sum, tally) => sum + tally.calls, 0);
  console.log(
    `demo: ${options.affiliates} affiliates, ${options.months} months: ${wallSeconds.toFixed(1)} s wall ` +
      `(load ${loadAverage.toFixed(1)}), ${statements} statements taking ${(totalMs / 1000).toFixed(1)} s, ` +
      `${run.figures.funnel.signups} signups`,
  );
  console.log('\nby caller');
  printTable(['ms', 'calls', 'ms/call', 'rows', 'caller'], lines(byCaller, 30));
  console.log('\nby statement');
  printTable(['ms', 'calls', 'ms/call', 'rows', 'statement'], lines(byStatement, 40));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
