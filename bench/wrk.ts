import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Load for the HTTP benchmarks comes from `wrk` (Debian's package), pinned with `taskset` to the
 * core the server is not on, so the load generator steals as little as it can from the server.
 * PostgreSQL is not pinned: it shares both cores with the server and wrk.
 */
export const serverCore = 0;
export const loadCore = 1;

const luaDir = join(dirname(fileURLToPath(import.meta.url)), 'lua');

/** Exits with a hint when wrk or taskset is missing; the bench installs nothing itself. */
export function requireLoadTools(): void {
  const packages: Record<string, string> = { wrk: 'wrk', taskset: 'util-linux' };
  const missing = Object.keys(packages).filter(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0,
  );
  if (missing.length === 0 && availableParallelism() >= 2) return;
  if (missing.length > 0) {
    console.error(
      `missing ${missing.join(' and ')}; on Debian or Ubuntu install with: ` +
        `sudo apt-get install -y ${missing.map((tool) => packages[tool]).join(' ')}`,
    );
  } else {
    console.error('the HTTP benchmarks pin the server and wrk to two different cores; this machine has one');
  }
  process.exit(2);
}

/** The command that starts `command` pinned to the server's core. */
export function pinnedToServerCore(command: string, args: string[], core = serverCore): [string, string[]] {
  return ['taskset', ['-c', String(core), command, ...args]];
}

export interface WrkRun {
  url: string;
  /** A file in bench/lua, run after bench/lua/report.lua. */
  script: string;
  /** Arguments the script's init() receives. */
  scriptArgs: string[];
  seconds: number;
  connections: number;
  /** The core wrk is pinned to; `loadCore` unless given. */
  core?: number;
}

export interface WrkResult {
  seconds: number;
  /** Responses read (wrk's count). */
  responses: number;
  responsesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  socketErrors: number;
  /** Responses with a status of 400 or above. */
  statusErrors: number;
  timeouts: number;
  /** Requests the script built; those not answered were in flight when wrk stopped. */
  sent: number;
  /** Counted by scripts that read responses. */
  okResponses: number;
  failedResponses: number;
  accepted: number;
  /** One-minute load average right after the run. */
  loadAverage: number;
}

const scriptFiles = new Map<string, string>();

function preparedScript(script: string): string {
  const known = scriptFiles.get(script);
  if (known) return known;
  const file = join(mkdtempSync(join(tmpdir(), 'emdash-bench-')), script);
  const report = readFileSync(join(luaDir, 'report.lua'), 'utf8');
  writeFileSync(file, `${report}\n${readFileSync(join(luaDir, script), 'utf8')}`);
  scriptFiles.set(script, file);
  return file;
}

export function runWrk(run: WrkRun): Promise<WrkResult> {
  const args = [
    '-c',
    String(run.core ?? loadCore),
    'wrk',
    '--threads',
    '1',
    '--connections',
    String(run.connections),
    '--duration',
    `${run.seconds}s`,
    '--timeout',
    '30s',
    '--latency',
    '--script',
    preparedScript(run.script),
    run.url,
    '--',
    ...run.scriptArgs,
  ];
  return new Promise((resolve, reject) => {
    execFile('taskset', args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`wrk failed: ${error.message}\n${stderr}`));
        return;
      }
      const line = stdout.split('\n').find((text) => text.startsWith('WRK_RESULT '));
      if (!line) {
        reject(new Error(`wrk printed no result:\n${stdout}\n${stderr}`));
        return;
      }
      resolve(resultOf(JSON.parse(line.slice('WRK_RESULT '.length)) as Record<string, number>));
    });
  });
}

function resultOf(raw: Record<string, number>): WrkResult {
  const seconds = raw.durationUs! / 1e6;
  return {
    seconds,
    responses: raw.requests!,
    responsesPerSecond: raw.requests! / seconds,
    p50Ms: raw.p50Us! / 1000,
    p99Ms: raw.p99Us! / 1000,
    maxMs: raw.maxUs! / 1000,
    socketErrors: raw.connectErrors! + raw.readErrors! + raw.writeErrors!,
    statusErrors: raw.statusErrors!,
    timeouts: raw.timeouts!,
    sent: raw.sent!,
    okResponses: raw.okResponses!,
    failedResponses: raw.failedResponses!,
    accepted: raw.accepted!,
    loadAverage: loadavg()[0]!,
  };
}
