/**
 * Two API processes on one PostgreSQL database (SPEC §11: stateless API servers), each with its own
 * click buffer, under wrk at once: process A pinned to core 0 and driven by a wrk pinned to core 1,
 * process B the other way round (a 2-core machine has no third core for the load). Every request a
 * new visitor, BENCH_RUNS rounds (default 3) of BENCH_SECONDS (default 10). Then:
 * - every click answered is stored, once (ids are the primary key), and each of them counted;
 * - dedupe across processes: visitors who click through A and then B (same address and browser),
 *   and visitors who change network between them (the cookie A set), each count once; fresh
 *   visitors through either count each.
 */

import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { finishServer, forkServer } from './child_server.js';
import { loadRange, median, printTable, verdict, whole } from './figures.js';
import type { ClickTally } from './redirect_servers.js';
import { createScratchDatabase, postgresReachable, postgresUrl } from './scratch_database.js';
import { requireLoadTools, runWrk, type WrkResult } from './wrk.js';

const connections = 50;
const measuredSeconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Math.max(3, Number(process.env.BENCH_RUNS ?? 3));
const linkCode = 'bench-two';
/** Visitor numbers of process B start here, so no visitor of A's load ever reaches B. */
const secondVisitorBase = 2_000_000;
const probeVisitors = 200;
const browser =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

interface Process {
  name: string;
  child: ChildProcess;
  port: number;
  core: number;
  wrkCore: number;
  visitorSerial: number;
  warmup?: WrkResult;
  runs: WrkResult[];
}

async function drive(server: Process, seconds: number): Promise<WrkResult> {
  const result = await runWrk({
    url: `http://127.0.0.1:${server.port}`,
    script: 'redirect.lua',
    scriptArgs: [`/r/${linkCode}`, String(server.visitorSerial)],
    seconds,
    connections,
    core: server.wrkCore,
  });
  server.visitorSerial += result.sent;
  return result;
}

async function follow(server: Process, address: string, cookie?: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${server.port}/r/${linkCode}`, {
    redirect: 'manual',
    headers: { 'user-agent': browser, 'x-forwarded-for': address, ...(cookie ? { cookie } : {}) },
  });
  if (response.status !== 302) throw new Error(`redirect answered ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** Visitors through both processes: returns how many counted clicks they should make. */
async function probeDedupe(first: Process, second: Process): Promise<number> {
  for (let visitor = 0; visitor < probeVisitors; visitor++) {
    const address = `172.16.${Math.floor(visitor / 256)}.${visitor % 256}`;
    if (visitor % 3 === 0) {
      // the same browser and address through A, then B
      await follow(first, address);
      await follow(second, address);
    } else if (visitor % 3 === 1) {
      // A sets the cookie; the visitor comes back through B from another network
      const cookie = await follow(first, address);
      await follow(second, `172.31.${Math.floor(visitor / 256)}.${visitor % 256}`, cookie);
    } else {
      // a fresh visitor through B only
      await follow(second, address);
    }
  }
  return probeVisitors;
}

async function main(): Promise<void> {
  requireLoadTools();
  if (!(await postgresReachable())) {
    console.warn(`two-process redirect SKIPPED: nothing answers at ${postgresUrl}`);
    return;
  }
  const scratch = await createScratchDatabase();
  const file = fileURLToPath(new URL('./redirect_servers.ts', import.meta.url));
  const processes: Process[] = [];
  for (const [name, core, wrkCore, visitorSerial] of [
    ['process A', 0, 1, 0],
    ['process B', 1, 0, secondVisitorBase],
  ] as const) {
    const { child, port } = await forkServer(file, ['postgres', linkCode, scratch.url], name, core);
    processes.push({ name, child, port, core, wrkCore, visitorSerial, runs: [] });
  }
  const [first, second] = processes as [Process, Process];
  const warmups = await Promise.all(processes.map((server) => drive(server, 3)));
  warmups.forEach((warmup, index) => {
    processes[index]!.warmup = warmup;
  });
  for (let round = 0; round < rounds; round++) {
    const results = await Promise.all(processes.map((server) => drive(server, measuredSeconds)));
    for (const [index, result] of results.entries()) processes[index]!.runs.push(result);
    console.log(
      `  round ${round + 1}: ${processes
        .map(
          (server) =>
            `${server.name} ${whole(server.runs.at(-1)!.responsesPerSecond)} req/s p99 ${server.runs.at(-1)!.p99Ms.toFixed(2)} ms`,
        )
        .join(', ')}, load ${loadavg()[0]!.toFixed(1)}`,
    );
  }
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  const tally = async () => {
    const { rows } = await client.query<{ clicks: string; counted: string }>(
      'SELECT count(*) AS clicks, count(*) FILTER (WHERE counted) AS counted FROM clicks',
    );
    return { clicks: Number(rows[0]!.clicks), counted: Number(rows[0]!.counted) };
  };
  // Every click of the load written before the probe starts.
  for (const server of processes) await ask(server.child, { flush: true });
  const afterLoad = await tally();
  let dropped = 0;
  for (const server of processes) dropped += await droppedClicks(server);
  const probeCounted = await probeDedupe(first, second);
  for (const server of processes) await finishServer<ClickTally>(server.child, 'tally');
  const afterProbe = await tally();
  await client.end();
  await scratch.drop();

  const answered = processes.reduce(
    (sum, server) =>
      sum + [server.warmup!, ...server.runs].reduce((all, run) => all + run.responses - run.statusErrors, 0),
    0,
  );
  const sent = processes.reduce(
    (sum, server) => sum + [server.warmup!, ...server.runs].reduce((all, run) => all + run.sent, 0),
    0,
  );
  const rows = processes.map((server) => [
    server.name,
    `core ${server.core}, wrk on ${server.wrkCore}`,
    whole(median(server.runs.map((run) => run.responsesPerSecond))),
    median(server.runs.map((run) => run.p50Ms)).toFixed(2),
    median(server.runs.map((run) => run.p99Ms)).toFixed(2),
    loadRange(server.runs.map((run) => run.loadAverage)),
  ]);
  const together = median(
    first.runs.map((run, round) => run.responsesPerSecond + second.runs[round]!.responsesPerSecond),
  );
  rows.push(['both', '', whole(together), '', '', '']);
  console.log(
    `\nclick redirect, two API processes on one PostgreSQL database, ${connections} connections each, ` +
      `medians of ${rounds} simultaneous runs of ${measuredSeconds} s, every request a new visitor\n`,
  );
  printTable(['process', 'pinned', 'req/s', 'p50 ms', 'p99 ms', 'load avg'], rows);
  // Answered clicks are stored, or were dropped at the buffer bound and counted as dropped.
  const storedOnce =
    afterLoad.clicks + dropped >= answered &&
    afterLoad.clicks <= sent &&
    afterLoad.counted === afterLoad.clicks;
  const loadSeconds = 3 + rounds * measuredSeconds;
  const probeClicks = afterProbe.clicks - afterLoad.clicks;
  const probeCountedStored = afterProbe.counted - afterLoad.counted;
  const probeSent = probeVisitors + 2 * Math.ceil((2 * probeVisitors) / 3);
  const dedupeRight = probeCountedStored === probeCounted;
  console.log(
    `\nclicks stored: ${whole(afterLoad.clicks)} for ${whole(answered)} 302s read (${whole(sent)} sent), ` +
      `${whole(afterLoad.counted)} counted: ${verdict(storedOnce && dropped === 0)}` +
      (dropped > 0
        ? `; ${whole(dropped)} dropped at the buffer bound while PostgreSQL stored ` +
          `${whole(afterLoad.clicks / loadSeconds)} clicks/s against ${whole(answered / loadSeconds)} redirects/s`
        : ''),
  );
  console.log(
    `dedupe across the processes: ${probeVisitors} visitors (a third through A then B, a third back through B ` +
      `from another network with A's cookie, a third through B only), ${probeClicks} clicks stored, ` +
      `${probeCountedStored} counted (expected ${probeCounted}): ${verdict(dedupeRight && probeClicks <= probeSent)}`,
  );
  if (!storedOnce || dropped > 0 || !dedupeRight) process.exit(1);
}

/** Clicks a process answered but dropped because its buffer was full (`emdash_redirects_total`). */
async function droppedClicks(server: Process): Promise<number> {
  const metrics = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  const line = metrics
    .split('\n')
    .find((text) => text.startsWith('emdash_redirects_total{outcome="click_dropped"}'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

function ask(child: ChildProcess, message: object): Promise<unknown> {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send(message);
  });
}

await main();
