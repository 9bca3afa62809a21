/**
 * Usage ingestion throughput (SPEC §13): the real app listening on 127.0.0.1, on PostgreSQL and on
 * PGlite, driven with `POST /v1/track/usage` carrying 100 new, unique events of referred teams a
 * request. Reports events stored per second and the ratio to a PostgreSQL `COPY` of the same
 * number of rows into a copy of usage_events, measured in the same run; then checks that the
 * events stored equal the events the app answered as accepted.
 *
 * BENCH_SECONDS (default 10) sets the measured run (as many requests as the warm-up rate sends in
 * that time), BENCH_CONNECTIONS (default 32) the
 * connections; EMDASH_TEST_POSTGRES_URL the PostgreSQL server (a scratch database is created and
 * dropped). Without PostgreSQL those rows are skipped. Runs alone: `npx tsx bench/ingest.bench.ts`.
 */
import type { ChildProcess } from 'node:child_process';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { bootstrap } from '../src/app/bootstrap.js';
import { buildServer } from '../src/app/http/server.js';
import { createAffiliate } from '../src/partners/create_affiliate.js';
import { loadConfig } from '../src/platform/config.js';
import { randomBase62 } from '../src/platform/ids.js';
import { finishServer, forkServer } from './child_server.js';
import { createScratchDatabase, postgresUrl } from './scratch_database.js';

type AppKind = 'postgres' | 'pglite';

const eventsPerRequest = 100;
const teamCount = 1_000;
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const measuredSeconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmupRequests = 600;
const calibrationRequests = 200;
const adminKey = `emd_bench_${randomBase62(32)}`;
const targets = { postgres: 80_000, pglite: 40_000, copyRatio: 0.5 };

interface Stored {
  events: number;
  teamsActivated: number;
}

// ---- child side: the app in its own process ---------------------------------------------------

async function serveApp(kind: AppKind, databaseUrl: string | undefined): Promise<void> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    EMDASH_BOOTSTRAP_ADMIN_KEY: adminKeyFromArgs(),
    ...(kind === 'postgres' ? { DATABASE_URL: databaseUrl } : { DATA_DIR: 'memory://' }),
  });
  const context = await bootstrap(config);
  const affiliate = await createAffiliate(context, {
    email: 'bench@example.com',
    name: 'Bench',
    kind: 'developer',
  });
  const now = context.clock.now();
  await context.db.query(
    `INSERT INTO teams (id, email, email_domain, affiliate_id, rule, status, evidence, signed_up_at, created_at)
     SELECT 'team_' || n, 'owner@team' || n || '.test', 'team' || n || '.test', $1, 'click', 'signed_up', '{}', $2, $2
     FROM generate_series(0, $3 - 1) AS n`,
    [affiliate.id, now, teamCount],
  );
  await context.db.query(
    `INSERT INTO referral_events (team_id, type, cause, occurred_at, recorded_at)
     SELECT id, 'signed_up', 'bench signup', $1, $1 FROM teams`,
    [now],
  );
  const app = await buildServer(context);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  process.send?.({ port: address.port });
  process.on('message', async (message) => {
    if (message !== 'finish') return;
    const [stored] = await context.db.query<Stored>(
      `SELECT (SELECT count(*) FROM usage_events) AS events,
              (SELECT count(*) FROM teams WHERE status = 'activated') AS "teamsActivated"`,
    );
    await app.close();
    await context.db.close();
    process.send?.({ stored }, () => process.exit(0));
  });
}

function adminKeyFromArgs(): string {
  return process.argv[5] ?? adminKey;
}

// ---- parent side ------------------------------------------------------------------------------

function startApp(kind: AppKind, databaseUrl: string): Promise<{ child: ChildProcess; port: number }> {
  return forkServer(fileURLToPath(import.meta.url), ['--serve', kind, databaseUrl, adminKey], `${kind} app`);
}

function finishApp(child: ChildProcess): Promise<Stored> {
  return finishServer<Stored>(child, 'stored');
}

let eventSerial = 0;
const runTag = randomBase62(6);

function usageBody(): string {
  const occurredAt = new Date().toISOString();
  const events = [];
  for (let index = 0; index < eventsPerRequest; index++) {
    eventSerial += 1;
    events.push({
      id: `evt_${runTag}_${eventSerial}`,
      teamId: `team_${(eventSerial * 7919) % teamCount}`,
      apiCalls: 1 + (eventSerial % 47),
      occurredAt,
    });
  }
  return JSON.stringify({ events });
}

interface LoadResult {
  accepted: number;
  okResponses: number;
  failures: number;
  seconds: number;
  p99Ms: number;
}

/**
 * Sends exactly `requestCount` requests, so that every response is read and counted (a run cut
 * off by time would leave requests whose events were stored but whose answers were never seen).
 */
async function load(port: number, requestCount: number): Promise<LoadResult> {
  let accepted = 0;
  let okResponses = 0;
  let failures = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    amount: requestCount,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/v1/track/usage',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        setupRequest: (request) => ({ ...request, body: usageBody() }),
        onResponse: (status, body) => {
          if (status !== 200) {
            failures += 1;
            return;
          }
          okResponses += 1;
          accepted += (JSON.parse(body) as { accepted: number }).accepted;
        },
      },
    ],
  });
  const elapsedSeconds = (new Date(result.finish).getTime() - new Date(result.start).getTime()) / 1000;
  return {
    accepted,
    okResponses,
    failures: failures + result.errors + result.timeouts,
    seconds: elapsedSeconds,
    p99Ms: result.latency.p99,
  };
}

/** Rows per second of `COPY … FROM STDIN` of `rowCount` usage rows into a copy of usage_events. */
async function measureCopy(databaseUrl: string, rowCount: number): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('CREATE TABLE usage_events_copy (LIKE usage_events INCLUDING ALL)');
    const occurredAt = new Date().toISOString();
    const chunks: string[] = [];
    const rowsPerChunk = 10_000;
    for (let start = 0; start < rowCount; start += rowsPerChunk) {
      let chunk = '';
      for (let serial = start; serial < Math.min(rowCount, start + rowsPerChunk); serial++) {
        chunk += `copy_${runTag}_${serial}\tteam_${(serial * 7919) % teamCount}\t${1 + (serial % 50)}\t${occurredAt}\n`;
      }
      chunks.push(chunk);
    }
    const startedMs = performance.now();
    await pipeline(Readable.from(chunks), client.query(copyFrom('COPY usage_events_copy FROM STDIN')));
    const seconds = (performance.now() - startedMs) / 1000;
    const [row] = (await client.query<{ n: string }>('SELECT count(*) AS n FROM usage_events_copy')).rows;
    if (Number(row!.n) !== rowCount) throw new Error(`COPY stored ${row!.n} rows of ${rowCount}`);
    return rowCount / seconds;
  } finally {
    await client.end();
  }
}

interface Row {
  name: string;
  eventsPerSecond: number;
  p99Ms: number;
  failures: number;
  accepted: number;
  measuredAccepted: number;
  seconds: number;
  stored: Stored;
  target: number;
}

async function measure(kind: AppKind, databaseUrl: string): Promise<Row> {
  const { child, port } = await startApp(kind, databaseUrl);
  // The warm-up also takes every team over the activation threshold (about 40 events a team), so
  // the measured run is the steady state: usage of teams already referred and activated.
  const warmup = await load(port, warmupRequests);
  // Size the measured run from a short steady-state sample, so that it lasts about BENCH_SECONDS.
  const sample = await load(port, calibrationRequests);
  const sampleRate = sample.okResponses / sample.seconds;
  const measured = await load(port, Math.max(100, Math.round(sampleRate * measuredSeconds)));
  const stored = await finishApp(child);
  return {
    name: kind === 'postgres' ? 'app on PostgreSQL' : 'app on PGlite',
    eventsPerSecond: measured.accepted / measured.seconds,
    seconds: measured.seconds,
    p99Ms: measured.p99Ms,
    failures: warmup.failures + sample.failures + measured.failures,
    accepted: warmup.accepted + sample.accepted + measured.accepted,
    measuredAccepted: measured.accepted,
    stored,
    target: targets[kind],
  };
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function report(rows: Row[], copyRowsPerSecond: number | undefined): boolean {
  console.log(
    `\nusage ingestion, ${eventsPerRequest} new events a request, ${connections} connections, ~${measuredSeconds} s, ${teamCount} referred teams\n`,
  );
  let ok = true;
  for (const row of rows) {
    const complete = row.stored.events === row.accepted && row.failures === 0;
    ok &&= complete;
    const ratio = copyRowsPerSecond ? row.eventsPerSecond / copyRowsPerSecond : undefined;
    console.log(
      `${row.name}: ${row.eventsPerSecond.toFixed(0)} events/s (target ≥ ${row.target}) ` +
        `${row.eventsPerSecond >= row.target ? 'met' : 'NOT met'}; p99 ${row.p99Ms} ms; ` +
        (ratio === undefined
          ? 'no COPY reference; '
          : `${ratio.toFixed(2)} × COPY (target ≥ ${targets.copyRatio}) ${ratio >= targets.copyRatio ? 'met' : 'NOT met'}; `) +
        `accepted ${row.accepted}, stored ${row.stored.events}, failed requests ${row.failures}, ` +
        `teams activated ${row.stored.teamsActivated} of ${teamCount} ` +
        `${complete ? '(consistent)' : '(INCONSISTENT)'}`,
    );
  }
  if (copyRowsPerSecond)
    console.log(`PostgreSQL COPY into a copy of usage_events: ${copyRowsPerSecond.toFixed(0)} rows/s`);
  return ok;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  let copyRowsPerSecond: number | undefined;
  if (await postgresReachable()) {
    const scratch = await createScratchDatabase();
    try {
      const row = await measure('postgres', scratch.url);
      rows.push(row);
      copyRowsPerSecond = await measureCopy(scratch.url, Math.max(row.measuredAccepted, 1));
    } finally {
      await scratch.drop();
    }
  } else {
    console.warn(`PostgreSQL rows SKIPPED: nothing answers at ${postgresUrl}`);
  }
  rows.push(await measure('pglite', ''));
  if (!report(rows, copyRowsPerSecond)) {
    console.error('stored events differ from accepted events, or requests failed');
    process.exit(1);
  }
}

if (process.argv[2] === '--serve') {
  await serveApp(process.argv[3] as AppKind, process.argv[4] || undefined);
} else {
  await main();
}
