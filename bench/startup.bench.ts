/**
 * Start-up time (SPEC §13): from spawning `npm start` until GET /healthz answers 200 and the web
 * app's page is served, on a fresh data folder (created by the start) and on an existing one
 * (made by the run before). Each case runs BENCH_STARTS times (default 5) and prints the median
 * with the load average; the way `npm start` ran before the compiled build (tsx over the
 * TypeScript sources, every file transformed at start and initdb for a fresh folder) is measured
 * the same way in the same run, as the reference.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort, processEnvironment } from '../test/support/processes.js';
import { median, printTable, verdict } from './figures.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const starts = Math.max(3, Number(process.env.BENCH_STARTS ?? 5));
const targetMs = { fresh: 6_000, existing: 3_000 };

interface Way {
  name: string;
  command: string;
  args: string[];
  /** Environment added for this way: the reference runs without the prepared database template. */
  environment: Record<string, string>;
}

const ways: Way[] = [
  { name: 'npm start', command: 'npm', args: ['start', '--silent'], environment: {} },
  // The old way on today's sources: tsx transforming every file at start, a fresh folder by initdb.
  {
    name: 'tsx, initdb (old way)',
    command: process.execPath,
    args: [
      join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(root, 'src', 'app', 'main.ts'),
      'serve',
    ],
    environment: { EMDASH_PGLITE_TEMPLATE: 'off' },
  },
];

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    return;
  }
  await exited;
}

/** Milliseconds until healthy and serving the web app; leaves the data folder behind. */
async function timeStart(way: Way, dataDir: string): Promise<number> {
  const port = await freePort();
  const startedMs = performance.now();
  const child = spawn(way.command, way.args, {
    cwd: root,
    detached: true,
    stdio: 'ignore',
    env: processEnvironment({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ...way.environment }),
  });
  let exitCode: number | null = null;
  child.once('exit', (code) => {
    exitCode = code;
  });
  const base = `http://127.0.0.1:${port}`;
  while (!(await answers(`${base}/healthz`)) || !(await answers(`${base}/`))) {
    if (exitCode !== null) throw new Error(`${way.name} exited with ${exitCode}`);
    await sleep(20);
  }
  const elapsedMs = performance.now() - startedMs;
  await stop(child);
  return elapsedMs;
}

async function main(): Promise<void> {
  // One start outside the figures builds the compiled server if the sources changed.
  const warm = mkdtempSync(join(tmpdir(), 'emdash-startup-'));
  await timeStart(ways[0]!, join(warm, 'data'));
  rmSync(warm, { recursive: true, force: true });
  const rows: string[][] = [];
  const medians = new Map<string, number>();
  for (const way of ways) {
    const fresh: number[] = [];
    const existing: number[] = [];
    const loads: number[] = [];
    for (let run = 0; run < starts; run++) {
      const folder = mkdtempSync(join(tmpdir(), 'emdash-startup-'));
      const dataDir = join(folder, 'data');
      fresh.push(await timeStart(way, dataDir));
      existing.push(await timeStart(way, dataDir));
      loads.push(loadavg()[0]!);
      rmSync(folder, { recursive: true, force: true });
      console.log(
        `  ${way.name}: fresh ${Math.round(fresh.at(-1)!)} ms, existing ${Math.round(existing.at(-1)!)} ms, load ${loads.at(-1)!.toFixed(1)}`,
      );
    }
    medians.set(`${way.name} fresh`, median(fresh));
    medians.set(`${way.name} existing`, median(existing));
    rows.push([
      way.name,
      String(Math.round(median(fresh))),
      String(Math.round(median(existing))),
      `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
    ]);
  }
  console.log(`\nstart until /healthz 200 and / served, medians of ${starts} starts\n`);
  printTable(['way', 'fresh folder ms', 'existing folder ms', 'load avg'], rows);
  const fresh = medians.get('npm start fresh')!;
  const existing = medians.get('npm start existing')!;
  console.log(
    `\nnpm start: fresh ${Math.round(fresh)} ms (target ≤ ${targetMs.fresh}) ${verdict(fresh <= targetMs.fresh)}; ` +
      `existing ${Math.round(existing)} ms (target ≤ ${targetMs.existing}) ${verdict(existing <= targetMs.existing)}`,
  );
}

await main();
