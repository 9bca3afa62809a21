/**
 * Usage ingestion throughput (SPEC §13): the real app (bench/ingest_app.ts, pinned to core 0) on
 * PostgreSQL and on PGlite, driven by wrk pinned to core 1 (bench/lua/ingest.lua) with
 * `POST /v1/track/usage` carrying 100 new, unique events of referred, already activated teams a
 * request, in two
 * shapes: "hot", the same 50 teams in every batch (concurrent requests upsert the same
 * (team, day) rows), and "spread", 100 distinct teams a batch out of 10,000. Each app run is
 * followed by the reference, a PostgreSQL `COPY` of as many rows with the same teams
 * (bench/copy_reference.ts): BENCH_RUNS rounds (default 3) of BENCH_SECONDS (default 10) at
 * BENCH_CONNECTIONS (default 50). Medians are printed with the load average of each run; then
 * the events stored are checked against the events the app answered as accepted, and each
 * event's calls against the per-day totals it was counted into.
 *
 * EMDASH_TEST_POSTGRES_URL names the PostgreSQL server (scratch databases are created and
 * dropped); without it only PGlite is measured, with no COPY reference. PostgreSQL is not
 * pinned: it shares both cores with the app and wrk.
 */
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { randomBase62 } from '../src/platform/ids.js';
import { finishServer, forkServer } from './child_server.js';
import { CopyReference, type TeamSpread } from './copy_reference.js';
import { loadRange, median, printTable, verdict, whole } from './figures.js';
import type { StoredUsage } from './ingest_app.js';
import { createScratchDatabase, postgresReachable, postgresUrl } from './scratch_database.js';
import { loadCore, requireLoadTools, runWrk, serverCore, type WrkResult } from './wrk.js';

type AppKind = 'postgres' | 'pglite';

const eventsPerRequest = 100;
const teamCount = 10_000;
const hotTeamCount = 50;
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const measuredSeconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Math.max(3, Number(process.env.BENCH_RUNS ?? 3));
const warmupSeconds = 3;
const adminKey = `emd_bench_${randomBase62(32)}`;
const targets = { postgres: 80_000, pglite: 40_000, copyRatio: 0.5 };

interface Measurement {
  kind: AppKind;
  spread: TeamSpread;
  runs: WrkResult[];
  /** COPY rows a second after each run; empty without PostgreSQL. */
  copyRowsPerSecond: number[];
  loadAfterCopy: number[];
  accepted: number;
  okResponses: number;
  inFlight: number;
  failures: number;
  stored: StoredUsage;
}

const eventsPerSecond = (run: WrkResult) => run.accepted / run.seconds;

async function startApp(kind: AppKind, databaseUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const file = fileURLToPath(new URL('./ingest_app.ts', import.meta.url));
  return forkServer(file, [kind, databaseUrl, adminKey, String(teamCount)], `${kind} app`);
}

async function measure(kind: AppKind, spread: TeamSpread, withCopy: boolean): Promise<Measurement> {
  const scratch = kind === 'postgres' ? await createScratchDatabase() : undefined;
  const reference = withCopy ? await CopyReference.create() : undefined;
  try {
    const { child, port } = await startApp(kind, scratch?.url ?? '');
    const drive = (seconds: number, tag: string) =>
      runWrk({
        url: `http://127.0.0.1:${port}`,
        script: 'ingest.lua',
        scriptArgs: [adminKey, `${randomBase62(6)}_${tag}`, spread, String(teamCount)],
        seconds,
        connections,
      });
    const warmup = await drive(warmupSeconds, 'w');
    const runs: WrkResult[] = [];
    const copyRowsPerSecond: number[] = [];
    const loadAfterCopy: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const run = await drive(measuredSeconds, String(round));
      runs.push(run);
      if (!reference) continue;
      copyRowsPerSecond.push(await reference.rowsPerSecond(run.accepted, spread, teamCount, hotTeamCount));
      loadAfterCopy.push(loadavg()[0]!);
    }
    const stored = await finishServer<StoredUsage>(child, 'stored');
    const all = [warmup, ...runs];
    const total = (pick: (run: WrkResult) => number) => all.reduce((sum, run) => sum + pick(run), 0);
    return {
      kind,
      spread,
      runs,
      copyRowsPerSecond,
      loadAfterCopy,
      accepted: total((run) => run.accepted),
      okResponses: total((run) => run.okResponses),
      inFlight: total((run) => run.sent - run.okResponses - run.failedResponses),
      failures: total((run) => run.failedResponses + run.socketErrors + run.timeouts),
      stored,
    };
  } finally {
    await reference?.drop();
    await scratch?.drop();
  }
}

function appName(kind: AppKind): string {
  return kind === 'postgres' ? 'app on PostgreSQL' : 'app on PGlite';
}

function printRuns(measurements: Measurement[]): void {
  console.log('\nevery run (load average right after it):');
  for (const measurement of measurements) {
    measurement.runs.forEach((run, round) => {
      const copy = measurement.copyRowsPerSecond[round];
      console.log(
        `  ${appName(measurement.kind).padEnd(17)} ${measurement.spread.padEnd(6)} round ${round + 1}: ` +
          `${whole(eventsPerSecond(run)).padStart(7)} events/s, p99 ${run.p99Ms.toFixed(0)} ms, load ${run.loadAverage.toFixed(1)}` +
          (copy === undefined || Number.isNaN(copy)
            ? ''
            : `; then COPY ${whole(copy)} rows/s, load ${measurement.loadAfterCopy[round]!.toFixed(1)}`),
      );
    });
  }
}

/** Every answered event stored, no more than the unanswered requests could add, each counted once. */
function consistent(measurement: Measurement): boolean {
  const { stored } = measurement;
  return (
    measurement.failures === 0 &&
    measurement.accepted === measurement.okResponses * eventsPerRequest &&
    stored.events >= measurement.accepted &&
    stored.events <= measurement.accepted + measurement.inFlight * eventsPerRequest &&
    stored.eventApiCalls === stored.dayApiCalls
  );
}

/** The COPY target is PostgreSQL's; PGlite's ratio to PostgreSQL's COPY is shown for comparison. */
function copyVerdict(kind: AppKind, ratio: number | undefined): string {
  if (ratio === undefined || Number.isNaN(ratio)) return '; no COPY reference';
  if (kind === 'pglite') return `; ${ratio.toFixed(2)} × PostgreSQL COPY`;
  return `; ${ratio.toFixed(2)} × COPY (target ≥ ${targets.copyRatio}) ${verdict(ratio >= targets.copyRatio)}`;
}

function printSummary(measurements: Measurement[]): boolean {
  console.log(
    `\nusage ingestion, ${eventsPerRequest} new events a request, ${connections} connections, medians of ` +
      `${rounds} runs of ${measuredSeconds} s, each followed by a PostgreSQL COPY of as many rows; ` +
      `hot: ${hotTeamCount} teams in every batch; spread: over ${whole(teamCount)} teams; ` +
      `app on core ${serverCore}, wrk on core ${loadCore}, PostgreSQL unpinned\n`,
  );
  const lines = measurements.map((measurement) => {
    const rate = median(measurement.runs.map(eventsPerSecond));
    const ratios = measurement.runs.map(
      (run, round) => eventsPerSecond(run) / (measurement.copyRowsPerSecond[round] ?? Number.NaN),
    );
    const copy = measurement.copyRowsPerSecond.length > 0 ? median(measurement.copyRowsPerSecond) : undefined;
    return [
      appName(measurement.kind),
      measurement.spread,
      whole(rate),
      median(measurement.runs.map((run) => run.p99Ms)).toFixed(0),
      loadRange(measurement.runs.map((run) => run.loadAverage)),
      copy === undefined || Number.isNaN(copy) ? '-' : whole(copy),
      Number.isNaN(median(ratios)) ? '-' : median(ratios).toFixed(2),
      whole(measurement.accepted),
      whole(measurement.stored.events),
      `${whole(measurement.stored.teamsActivated)}`,
      consistent(measurement) ? 'yes' : 'NO',
    ];
  });
  printTable(
    [
      'server',
      'teams',
      'events/s',
      'p99 ms',
      'load avg',
      'COPY rows/s',
      'app/COPY',
      'accepted',
      'stored',
      'activated',
      'consistent',
    ],
    lines,
  );
  console.log('');
  for (const measurement of measurements) {
    const rate = median(measurement.runs.map(eventsPerSecond));
    const target = targets[measurement.kind];
    const ratio = median(
      measurement.runs.map((run, round) => eventsPerSecond(run) / measurement.copyRowsPerSecond[round]!),
    );
    console.log(
      `${appName(measurement.kind)}, ${measurement.spread}: ${whole(rate)} events/s (target ≥ ${whole(target)}) ` +
        `${verdict(rate >= target)}` +
        copyVerdict(measurement.kind, measurement.copyRowsPerSecond.length > 0 ? ratio : undefined) +
        `; ${consistent(measurement) ? 'every accepted event stored and counted once' : 'INCONSISTENT: see the table'}`,
    );
  }
  return measurements.every(consistent);
}

async function main(): Promise<void> {
  requireLoadTools();
  const withPostgres = await postgresReachable();
  if (!withPostgres) console.warn(`PostgreSQL rows and COPY SKIPPED: nothing answers at ${postgresUrl}`);
  const kinds: AppKind[] = withPostgres ? ['postgres', 'pglite'] : ['pglite'];
  const measurements: Measurement[] = [];
  for (const kind of kinds) {
    for (const spread of ['hot', 'spread'] as const) {
      measurements.push(await measure(kind, spread, withPostgres));
    }
  }
  printRuns(measurements);
  if (!printSummary(measurements)) {
    console.error('stored events differ from accepted events, or requests failed');
    process.exit(1);
  }
}

await main();
