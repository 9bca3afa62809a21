/**
 * The `demo` command's Year-1 defaults (150 affiliates, 12 months) on embedded PGlite, each round
 * on a fresh data folder, in this process (the command's own start-up — compiling the sources,
 * opening and migrating the folder — is left out and printed apart). Prints each round's wall and
 * CPU seconds with the 1-minute load average before it, and the median against the 60 s target.
 * BENCH_DEMO_AFFILIATES, BENCH_DEMO_MONTHS and BENCH_DEMO_ROUNDS (default 3) choose the size.
 * Runs alone: `npx tsx bench/demo.bench.ts`, or with the others through `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap } from '../src/app/bootstrap.js';
import { parseDemoOptions } from '../src/demo/rules/demo_options.js';
import { runDemo } from '../src/demo/run_demo.js';
import { SimulatedClock } from '../src/platform/clock.js';
import { loadConfig } from '../src/platform/config.js';
import { migrate } from '../src/platform/db/migrate.js';
import { openPglite } from '../src/platform/db/pglite.js';
import { DatabaseClockStore } from '../src/platform/storage/program_clock.js';
import { loadRange, median, printTable, verdict } from './figures.js';

const targetSeconds = 60;
const rounds = Number(process.env.BENCH_DEMO_ROUNDS ?? 3);
const parsed = parseDemoOptions({
  affiliates: process.env.BENCH_DEMO_AFFILIATES ?? '150',
  months: process.env.BENCH_DEMO_MONTHS ?? '12',
  seed: '1',
});
if (!parsed.ok) throw new Error(parsed.problems.join('; '));
const options = parsed.options;

interface Round {
  openSeconds: number;
  wallSeconds: number;
  cpuSeconds: number;
  loadAverage: number;
  signups: number;
  activated: number;
  balanced: boolean;
}

async function round(): Promise<Round> {
  const dataDir = mkdtempSync(join(tmpdir(), 'emdash-demo-bench-'));
  try {
    const loadAverage = loadavg()[0]!;
    const openedAt = performance.now();
    const db = await openPglite(dataDir);
    await migrate(db);
    const clock = new SimulatedClock(options.start);
    await clock.attach(new DatabaseClockStore(db));
    const context = await bootstrap(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), { db, clock });
    const openSeconds = (performance.now() - openedAt) / 1000;
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    const run = await runDemo(context, options);
    const wallSeconds = (performance.now() - startedAt) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    await db.close();
    return {
      openSeconds,
      wallSeconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      loadAverage,
      signups: run.figures.funnel.signups,
      activated: run.figures.funnel.activated,
      balanced: run.figures.ledger.balanced,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(
  `demo: ${options.affiliates} affiliates, ${options.months} months, seed ${options.seed}, ${rounds} rounds`,
);
const results: Round[] = [];
for (let index = 0; index < rounds; index++) results.push(await round());
printTable(
  ['round', 'load avg', 'open s', 'demo wall s', 'demo cpu s', 'signups', 'activated', 'ledger'],
  results.map((result, index) => [
    String(index + 1),
    result.loadAverage.toFixed(1),
    result.openSeconds.toFixed(1),
    result.wallSeconds.toFixed(1),
    result.cpuSeconds.toFixed(1),
    String(result.signups),
    String(result.activated),
    result.balanced ? 'balanced' : 'NOT balanced',
  ]),
);
const wall = median(results.map((result) => result.wallSeconds));
console.log(
  `median ${wall.toFixed(1)} s wall, ${median(results.map((result) => result.cpuSeconds)).toFixed(1)} s CPU ` +
    `(load average ${loadRange(results.map((result) => result.loadAverage))}); target ≤ ${targetSeconds} s: ${verdict(wall <= targetSeconds)}`,
);
