/**
 * Click redirect throughput (SPEC §13): the real app, on PostgreSQL and on PGlite, against a bare
 * `node:http` server answering the same 302 + Set-Cookie, measured in the same run. 50 connections,
 * every request a new visitor (its own X-Forwarded-For and user agent), so every request is a
 * counted click. Each server runs in its own process; the load generator runs here.
 *
 * BENCH_SECONDS (default 10) sets each measured run; EMDASH_TEST_POSTGRES_URL the PostgreSQL
 * server (a scratch database is created and dropped). Without PostgreSQL that row is skipped.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { bootstrap } from '../src/app/bootstrap.js';
import { buildServer } from '../src/app/http/server.js';
import { createAffiliate } from '../src/partners/create_affiliate.js';
import { loadConfig } from '../src/platform/config.js';
import { createLink } from '../src/tracking/create_link.js';
import { finishServer, forkServer } from './child_server.js';
import { createScratchDatabase, postgresUrl } from './scratch_database.js';

type ServerKind = 'bare' | 'postgres' | 'pglite';

const connections = 50;
const measuredSeconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmupSeconds = 2;
const destination = 'https://emdash.dev/start?utm_source=bench';
const linkCode = 'bench-link';
const cookieMaxAgeSeconds = 90 * 86_400;
const ratioTarget = 0.6;
const p99TargetMs = 10;

interface ClickTally {
  clicks: number;
  counted: number;
}

// ---- child side: one server per process -------------------------------------------------------

async function serveBare(): Promise<{ port: number; finish: () => Promise<ClickTally> }> {
  let served = 0;
  const server = createServer((_request, response) => {
    served += 1;
    const clickId = `clk_${String(served).padStart(20, '0')}`;
    response.writeHead(302, {
      location: `${destination}&emd_click=${clickId}`,
      'cache-control': 'no-store',
      'set-cookie': `emd_click=${clickId}; Max-Age=${cookieMaxAgeSeconds}; Path=/; HttpOnly; SameSite=Lax`,
    });
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    finish: async () => {
      server.close();
      return { clicks: 0, counted: 0 };
    },
  };
}

async function serveApp(
  kind: 'postgres' | 'pglite',
): Promise<{ port: number; finish: () => Promise<ClickTally> }> {
  const scratch = kind === 'postgres' ? await createScratchDatabase() : undefined;
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    EMDASH_IP_HASH_SALT: 'bench-visitor-salt',
    // The load generator stands in for a proxy that names each new visitor in X-Forwarded-For.
    EMDASH_TRUSTED_PROXIES: '127.0.0.1',
    ...(scratch ? { DATABASE_URL: scratch.url } : { DATA_DIR: 'memory://' }),
  });
  const context = await bootstrap(config);
  const affiliate = await createAffiliate(context, {
    email: 'bench@example.com',
    name: 'Bench',
    kind: 'developer',
  });
  await createLink(context, { affiliateId: affiliate.id, destination, code: linkCode });
  const app = await buildServer(context);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    finish: async () => {
      await context.clicks.flush();
      const [tally] = await context.db.query<ClickTally>(
        'SELECT count(*)::int8 AS clicks, count(*) FILTER (WHERE counted)::int8 AS counted FROM clicks',
      );
      await app.close();
      await context.db.close();
      await scratch?.drop();
      return tally ?? { clicks: 0, counted: 0 };
    },
  };
}

async function runChild(kind: ServerKind): Promise<void> {
  const server = kind === 'bare' ? await serveBare() : await serveApp(kind);
  process.send?.({ port: server.port });
  process.on('message', async (message) => {
    if (message !== 'finish') return;
    const tally = await server.finish();
    process.send?.({ tally }, () => process.exit(0));
  });
}

// ---- parent side: drive each server with autocannon --------------------------------------------

function startServer(kind: ServerKind): Promise<{ child: ChildProcess; port: number }> {
  return forkServer(fileURLToPath(import.meta.url), ['--serve', kind], `${kind} server`);
}

function finishTally(child: ChildProcess): Promise<ClickTally> {
  return finishServer<ClickTally>(child, 'tally');
}

let visitorSerial = 0;

/** Every request a new visitor: its own client address and browser version. */
function newVisitorHeaders(): Record<string, string> {
  visitorSerial += 1;
  const n = visitorSerial;
  return {
    'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    'user-agent': `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.${n}.0 Safari/537.36`,
  };
}

async function load(port: number, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        path: `/r/${linkCode}`,
        setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...newVisitorHeaders() } }),
      },
    ],
  });
}

interface Row {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  redirects: number;
  tally: ClickTally | undefined;
}

async function measure(kind: ServerKind, name: string): Promise<Row> {
  const { child, port } = await startServer(kind);
  const warmup = await load(port, warmupSeconds);
  const result = await load(port, measuredSeconds);
  const tally = await finishTally(child);
  const redirectsOf = (run: autocannon.Result) => run.statusCodeStats?.['302']?.count ?? 0;
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + warmup.errors + warmup.timeouts,
    redirects: redirectsOf(warmup) + redirectsOf(result),
    tally: kind === 'bare' ? undefined : tally,
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

function printTable(rows: Row[], bare: Row): boolean {
  const header = [
    'server',
    'req/s',
    'p50 ms',
    'p99 ms',
    'app/bare',
    'errors',
    '302s',
    'clicks stored',
    'counted',
  ];
  const lines = rows.map((row) => [
    row.name,
    row.requestsPerSecond.toFixed(0),
    String(row.p50Ms),
    String(row.p99Ms),
    row === bare ? '1.00' : (row.requestsPerSecond / bare.requestsPerSecond).toFixed(2),
    String(row.errors),
    String(row.redirects),
    row.tally ? String(row.tally.clicks) : '-',
    row.tally ? String(row.tally.counted) : '-',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]!.length)),
  );
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  console.log(
    `\nclick redirect, ${connections} connections, ${measuredSeconds} s each, every request a new visitor` +
      ` (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)\n`,
  );
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
  let clicksComplete = true;
  console.log('');
  for (const row of rows) {
    if (!row.tally) continue;
    // autocannon leaves out responses still in flight when a run ends, so stored may be a little higher.
    const stored = row.tally.clicks >= row.redirects && row.tally.counted === row.tally.clicks;
    clicksComplete &&= stored;
    const ratio = row.requestsPerSecond / bare.requestsPerSecond;
    console.log(
      `${row.name}: ratio ${ratio.toFixed(2)} (target ≥ ${ratioTarget}) ${ratio >= ratioTarget ? 'met' : 'NOT met'}; ` +
        `p99 ${row.p99Ms} ms (target ≤ ${p99TargetMs}) ${row.p99Ms <= p99TargetMs ? 'met' : 'NOT met'}; ` +
        `clicks stored ${stored ? 'all, each counted' : `${row.tally.clicks} of ${row.redirects}, ${row.tally.counted} counted`}`,
    );
  }
  return clicksComplete;
}

async function main(): Promise<void> {
  const bare = await measure('bare', 'bare node:http');
  const rows = [bare];
  if (await postgresReachable()) rows.push(await measure('postgres', 'app on PostgreSQL'));
  else console.warn(`PostgreSQL row SKIPPED: nothing answers at ${postgresUrl}`);
  rows.push(await measure('pglite', 'app on PGlite'));
  if (!printTable(rows, bare)) {
    console.error('some clicks did not reach the database');
    process.exit(1);
  }
}

if (process.argv[2] === '--serve') {
  await runChild(process.argv[3] as ServerKind);
} else {
  await main();
}
