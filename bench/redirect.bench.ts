/**
 * Click redirect throughput (SPEC §13): the real app on PostgreSQL and on PGlite against a bare
 * `node:http` server answering the same 302 + Set-Cookie (bench/redirect_servers.ts), each in its
 * own process pinned to core 0, driven by wrk pinned to core 1 (bench/lua/redirect.lua): 50
 * connections, every request a new visitor (its own X-Forwarded-For), so every request is a
 * counted click. After a warm-up, the servers are measured in turn, BENCH_RUNS rounds (default 3)
 * of BENCH_SECONDS each (default 10); medians and ratios are printed with the load average of
 * each run, then every click the app answered is checked to be stored and counted.
 *
 * EMDASH_TEST_POSTGRES_URL names the PostgreSQL server (a scratch database is created and
 * dropped); without it the PostgreSQL row is skipped. PostgreSQL is not pinned: it shares both
 * cores with the server and wrk.
 */
import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { finishServer, forkServer } from './child_server.js';
import { loadRange, median, printTable, verdict, whole } from './figures.js';
import { type CpuSnapshot, cpuSecondsBetween, cpuSnapshot } from './process_cpu.js';
import type { ClickTally, ServerKind } from './redirect_servers.js';
import { postgresReachable, postgresUrl } from './scratch_database.js';
import { loadCore, requireLoadTools, runWrk, serverCore, type WrkResult } from './wrk.js';

const connections = 50;
const measuredSeconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Math.max(3, Number(process.env.BENCH_RUNS ?? 3));
const warmupSeconds = 3;
const linkCode = 'bench-link';
const ratioTarget = 0.6;
const p99TargetMs = 10;
/** Visitors are numbered into 10.x.y.z; one wrk thread numbers at most this many. */
const visitorSerialMax = 4_194_304;

interface Server {
  kind: ServerKind;
  name: string;
  child: ChildProcess;
  port: number;
  /** Next visitor number: no visitor comes back, across runs. */
  visitorSerial: number;
  warmup?: WrkResult;
  runs: WrkResult[];
  /** CPU seconds of each measured run by whom (see cpuOfRun), in the order of `runs`. */
  cpu: Map<string, number>[];
}

async function startServer(kind: ServerKind, name: string): Promise<Server> {
  const file = fileURLToPath(new URL('./redirect_servers.ts', import.meta.url));
  const { child, port } = await forkServer(file, [kind, linkCode], name);
  return { kind, name, child, port, visitorSerial: 0, runs: [], cpu: [] };
}

/** Waits until the server has written every click it buffered. */
function flushed(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: { flushed?: true }) => {
      if (!message.flushed) return;
      server.child.off('message', onMessage);
      resolve();
    };
    server.child.on('message', onMessage);
    server.child.send({ flush: true });
  });
}

async function drive(server: Server, seconds: number): Promise<WrkResult> {
  const before = cpuSnapshot();
  const result = await runWrk({
    url: `http://127.0.0.1:${server.port}`,
    script: 'redirect.lua',
    scriptArgs: [`/r/${linkCode}`, String(server.visitorSerial)],
    seconds,
    connections,
  });
  // The clicks answered are written after the answer: count their writing in this run's CPU.
  await flushed(server);
  server.cpu.push(cpuOfRun(server, before, cpuSnapshot()));
  server.visitorSerial += result.sent;
  if (server.visitorSerial >= visitorSerialMax)
    throw new Error('visitor numbers exhausted; shorten BENCH_SECONDS');
  return result;
}

/**
 * The server process, PostgreSQL's processes (the app's connections and its background writers) and
 * wrk (a child of this process that has exited by the second snapshot: `reapedChildren`).
 */
function cpuOfRun(server: Server, before: CpuSnapshot, after: CpuSnapshot): Map<string, number> {
  return cpuSecondsBetween(before, after, (pid, command) => {
    if (pid === server.child.pid) return 'server';
    if (command === 'postgres' || command.startsWith('postgres:')) return 'PostgreSQL';
    return undefined;
  });
}

/** Median CPU microseconds per answered request of each party, over the measured runs. */
function printCpu(servers: Server[]): void {
  const parties = ['server', 'PostgreSQL', 'reapedChildren', 'other', 'machine'];
  console.log(
    '\nCPU per answered request, µs (Linux process accounting around each measured run, medians; ' +
      '"other" is busy time no listed process took: the kernel\'s network work, other programs)\n',
  );
  printTable(
    ['run', 'server', 'PostgreSQL', 'wrk', 'other', 'machine'],
    servers.map((server) => [
      server.name,
      ...parties.map((party) => {
        const perRequest = server.runs.map(
          (run, index) => ((server.cpu[index]!.get(party) ?? 0) * 1e6) / Math.max(1, run.responses),
        );
        return median(perRequest).toFixed(1);
      }),
    ]),
  );
}

const redirectsOf = (run: WrkResult) => run.responses - run.statusErrors;

function printRuns(servers: Server[]): void {
  console.log('\nevery run (load average right after it):');
  for (let round = 0; round < rounds; round++) {
    for (const server of servers) {
      const run = server.runs[round]!;
      console.log(
        `  round ${round + 1}  ${server.name.padEnd(18)} ${whole(run.responsesPerSecond).padStart(7)} req/s  ` +
          `p50 ${run.p50Ms.toFixed(2)} ms  p99 ${run.p99Ms.toFixed(2)} ms  load ${run.loadAverage.toFixed(1)}`,
      );
    }
  }
}

/** App/bare ratio of each round (runs next to each other in time), then their median. */
function ratioOf(server: Server, bare: Server): number {
  return median(
    server.runs.map((run, round) => run.responsesPerSecond / bare.runs[round]!.responsesPerSecond),
  );
}

function printSummary(servers: Server[], bare: Server, tallies: Map<Server, ClickTally>): boolean {
  console.log(
    `\nclick redirect, ${connections} connections, medians of ${rounds} alternating runs of ${measuredSeconds} s, ` +
      `every request a new visitor; server on core ${serverCore}, wrk on core ${loadCore}, ` +
      `PostgreSQL unpinned (${availableParallelism()} cores)\n`,
  );
  const lines = servers.map((server) => {
    const tally = tallies.get(server);
    const errors = [server.warmup!, ...server.runs].reduce(
      (sum, run) => sum + run.socketErrors + run.statusErrors + run.timeouts,
      0,
    );
    return [
      server.name,
      whole(median(server.runs.map((run) => run.responsesPerSecond))),
      median(server.runs.map((run) => run.p50Ms)).toFixed(2),
      median(server.runs.map((run) => run.p99Ms)).toFixed(2),
      server === bare ? '1.00' : ratioOf(server, bare).toFixed(2),
      loadRange(server.runs.map((run) => run.loadAverage)),
      String(errors),
      whole([server.warmup!, ...server.runs].reduce((sum, run) => sum + redirectsOf(run), 0)),
      tally ? whole(tally.clicks) : '-',
      tally ? whole(tally.counted) : '-',
    ];
  });
  printTable(
    [
      'server',
      'req/s',
      'p50 ms',
      'p99 ms',
      'app/bare',
      'load avg',
      'errors',
      '302s',
      'clicks stored',
      'counted',
    ],
    lines,
  );
  console.log('');
  let complete = true;
  for (const server of servers) {
    const tally = tallies.get(server);
    if (!tally) continue;
    const runs = [server.warmup!, ...server.runs];
    const redirects = runs.reduce((sum, run) => sum + redirectsOf(run), 0);
    const sent = runs.reduce((sum, run) => sum + run.sent, 0);
    // Requests still in flight when wrk stops may be stored without their answer being read.
    const stored = tally.clicks >= redirects && tally.clicks <= sent && tally.counted === tally.clicks;
    complete &&= stored;
    const ratio = ratioOf(server, bare);
    const p99Ms = median(server.runs.map((run) => run.p99Ms));
    console.log(
      `${server.name}: ratio ${ratio.toFixed(2)} (target ≥ ${ratioTarget}) ${verdict(ratio >= ratioTarget)}; ` +
        `p99 ${p99Ms.toFixed(1)} ms (target ≤ ${p99TargetMs}) ${verdict(p99Ms <= p99TargetMs)}; ` +
        `clicks stored: ${stored ? 'every one answered, each counted' : `${tally.clicks} for ${redirects} redirects (${sent} sent), ${tally.counted} counted`}`,
    );
  }
  return complete;
}

async function main(): Promise<void> {
  requireLoadTools();
  const servers = [await startServer('bare', 'bare node:http')];
  if (await postgresReachable()) servers.push(await startServer('postgres', 'app on PostgreSQL'));
  else console.warn(`PostgreSQL row SKIPPED: nothing answers at ${postgresUrl}`);
  servers.push(await startServer('pglite', 'app on PGlite'));
  for (const server of servers) server.warmup = await drive(server, warmupSeconds);
  for (const server of servers) server.cpu = [];
  for (let round = 0; round < rounds; round++) {
    for (const server of servers) server.runs.push(await drive(server, measuredSeconds));
  }
  const tallies = new Map<Server, ClickTally>();
  for (const server of servers) {
    const tally = await finishServer<ClickTally>(server.child, 'tally');
    if (server.kind !== 'bare') tallies.set(server, tally);
  }
  printRuns(servers);
  printCpu(servers);
  const bare = servers[0]!;
  if (!printSummary(servers, bare, tallies)) {
    console.error('some clicks did not reach the database');
    process.exit(1);
  }
}

await main();
