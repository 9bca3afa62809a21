/**
 * Where ingestion's time goes (`node --import tsx bench/ingest_profile.ts [hot|spread] [seconds]`):
 * the app of bench/ingest_app.ts on a scratch PostgreSQL database, driven by wrk as
 * bench/ingest.bench.ts drives it, while `pg_stat_activity` of that database is sampled every
 * 200 ms; prints the busy backends by state and wait event, then EXPLAIN (ANALYZE, BUFFERS) of the
 * ingestion statement alone (one batch of 100 new events of the same shape, rolled back).
 * With INGEST_CPU_PROFILE_DIR the app writes a V8 CPU profile there (open it in Chrome DevTools);
 * with INGEST_APP_KIND=pglite the app runs on PGlite instead (no wait events, no EXPLAIN).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { randomBase62 } from '../src/platform/ids.js';
import { usageBatchesStatement } from '../src/usage/storage/usage.js';
import { finishServer } from './child_server.js';
import { whole } from './figures.js';
import type { StoredUsage } from './ingest_app.js';
import { createScratchDatabase } from './scratch_database.js';
import { pinnedToServerCore, requireLoadTools, runWrk } from './wrk.js';

const spread = process.argv[2] === 'spread' ? 'spread' : 'hot';
const seconds = Number(process.argv[3] ?? 10);
const teamCount = 10_000;
const sampleEveryMs = 200;
const adminKey = `emd_bench_${randomBase62(32)}`;
const onPglite = process.env.INGEST_APP_KIND === 'pglite';

requireLoadTools();
const scratch = await createScratchDatabase();
try {
  const file = fileURLToPath(new URL('./ingest_app.ts', import.meta.url));
  const profileDir = process.env.INGEST_CPU_PROFILE_DIR;
  const [command, args] = pinnedToServerCore(process.execPath, [
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    '--import',
    'tsx',
    file,
    ...(onPglite ? ['pglite', ''] : ['postgres', scratch.url]),
    ...[adminKey, String(teamCount)],
  ]);
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`app exited with ${code}`)));
  });
  const sampler = new pg.Client({ connectionString: scratch.url });
  await sampler.connect();
  const tally = new Map<string, number>();
  let samples = 0;
  let sampling = true;
  const sampled = (async () => {
    while (sampling) {
      const { rows } = await sampler.query<{ state: string; wait: string | null }>(
        `SELECT state, wait_event_type || ':' || wait_event AS wait FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
            AND state <> 'idle'`,
      );
      samples += 1;
      for (const row of rows) {
        const key = `${row.state} / ${row.wait ?? 'CPU (no wait event)'}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, sampleEveryMs));
    }
  })();
  const run = await runWrk({
    url: `http://127.0.0.1:${port}`,
    script: 'ingest.lua',
    scriptArgs: [adminKey, `${randomBase62(6)}_p`, spread, String(teamCount)],
    seconds,
    connections: 50,
  });
  sampling = false;
  await sampled;
  const stored = await finishServer<StoredUsage>(child, 'stored');
  const busy = [...tally.values()].reduce((sum, n) => sum + n, 0);
  console.log(
    `${spread}: ${whole(run.accepted / run.seconds)} events/s, p99 ${run.p99Ms.toFixed(0)} ms, load ${run.loadAverage.toFixed(1)}; ` +
      `${samples} samples, ${busy} busy backend samples; ${whole(stored.events)} events stored`,
  );
  for (const [key, count] of [...tally].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${String(count).padStart(5)}  ${((100 * count) / busy).toFixed(0).padStart(3)} %  ${key}`);
  }
  if (onPglite) {
    await sampler.end();
    process.exit(0);
  }
  const occurredAt = new Date();
  const events = Array.from({ length: 100 }, (_, index) => ({
    id: `explain_${index}`,
    teamId: spread === 'hot' ? `team_${index % 50}` : `team_${(index * 7919) % teamCount}`,
    apiCalls: 1 + (index % 47),
    occurredAt,
  }));
  const statement = usageBatchesStatement([events]);
  await sampler.query('BEGIN');
  const { rows } = await sampler.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS, TIMING) ${statement.text}`,
    statement.values,
  );
  await sampler.query('ROLLBACK');
  console.log('\nEXPLAIN (ANALYZE, BUFFERS) of one batch of 100 events alone:');
  for (const row of rows) console.log(`  ${row['QUERY PLAN']}`);
  await sampler.end();
} finally {
  await scratch.drop();
}
