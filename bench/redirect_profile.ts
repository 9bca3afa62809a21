/**
 * Where the redirect's CPU goes: the bare `node:http` server and the app on PostgreSQL
 * (bench/redirect_servers.ts) each run under `node --cpu-prof`, pinned to the server core, while
 * wrk (the redirect bench's script, a new visitor each request) drives them in turn; then the
 * self time of every function is summed by function and file, and the top lines of both sides are
 * printed side by side. `tsx bench/redirect_profile.ts [seconds] [top]` (default 10 s, 25 lines).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresReachable } from './scratch_database.js';
import { pinnedToServerCore, requireLoadTools, runWrk, type WrkResult } from './wrk.js';

const seconds = Number(process.argv[2] ?? 10);
const topLines = Number(process.argv[3] ?? 25);
const linkCode = 'profile-link';
const serversFile = fileURLToPath(new URL('./redirect_servers.ts', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  selfMs: number;
  share: number;
}

/** Self time by function and file, largest first, as shares of the busy (not idle) time. */
export function selfTimes(profile: CpuProfile): SelfTime[] {
  const frames = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.startsWith('file://') ? relative(root, fileURLToPath(url)) : url;
    const where = file ? ` ${file.replace(/^node_modules\//, '')}:${lineNumber + 1}` : '';
    frames.set(node.id, `${functionName || '(anonymous)'}${where}`);
  }
  const totals = new Map<string, number>();
  let busyUs = 0;
  profile.samples.forEach((nodeId, index) => {
    const deltaUs = profile.timeDeltas[index] ?? 0;
    const name = frames.get(nodeId) ?? '?';
    if (name === '(idle)') return;
    totals.set(name, (totals.get(name) ?? 0) + deltaUs);
    busyUs += deltaUs;
  });
  return [...totals]
    .map(([name, us]) => ({ name, selfMs: us / 1000, share: us / busyUs }))
    .sort((a, b) => b.selfMs - a.selfMs);
}

/** Sends a message to the server process and waits for its answer. */
function request(child: ChildProcess, message: object): Promise<unknown> {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send(message);
  });
}

async function profileServer(kind: 'bare' | 'postgres'): Promise<{ run: WrkResult; times: SelfTime[] }> {
  const dir = mkdtempSync(join(tmpdir(), `emdash-profile-${kind}-`));
  const [command, args] = pinnedToServerCore(process.execPath, [
    '--import',
    'tsx',
    serversFile,
    kind,
    linkCode,
  ]);
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  await runWrk({
    url,
    script: 'redirect.lua',
    scriptArgs: [`/r/${linkCode}`, '0'],
    seconds: 2,
    connections: 50,
  });
  await request(child, { profile: 'start' });
  const run = await runWrk({
    url,
    script: 'redirect.lua',
    scriptArgs: [`/r/${linkCode}`, '1000000'],
    seconds,
    connections: 50,
  });
  const file = join(dir, `${kind}.cpuprofile`);
  await request(child, { profile: 'stop', file });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send('finish');
  await exited;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  console.log(`${kind}: profile ${file}`);
  return { run, times: selfTimes(profile) };
}

/** The package, `node:` internals, app file or native code a line of `selfTimes` belongs to. */
export function areaOf(name: string): string {
  const at = name.lastIndexOf(' ');
  const where = at < 0 ? '' : name.slice(at + 1);
  if (!where.includes(':')) return name.startsWith('(') ? name : 'native (socket writes, hashing, regexp, …)';
  if (where.startsWith('node:')) return 'node: internals';
  if (where.startsWith('src/') || where.startsWith('bench/')) return where.split(':')[0]!;
  const parts = where.split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

export function byArea(times: readonly SelfTime[]): SelfTime[] {
  const areas = new Map<string, SelfTime>();
  for (const time of times) {
    const name = areaOf(time.name);
    const area = areas.get(name) ?? { name, selfMs: 0, share: 0 };
    area.selfMs += time.selfMs;
    area.share += time.share;
    areas.set(name, area);
  }
  return [...areas.values()].sort((a, b) => b.selfMs - a.selfMs);
}

function cell(time: SelfTime | undefined, width: number): string {
  if (!time) return ''.padEnd(width);
  const text = `${(time.share * 100).toFixed(1).padStart(5)} %  ${time.name}`;
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  requireLoadTools();
  if (!(await postgresReachable())) throw new Error('PostgreSQL is needed for the app side');
  const bare = await profileServer('bare');
  const app = await profileServer('postgres');
  const width = 70;
  console.log(
    `\nself time under wrk (50 connections, ${seconds} s, new visitor each request), load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `bare node:http ${Math.round(bare.run.responsesPerSecond)} req/s, app on PostgreSQL ${Math.round(app.run.responsesPerSecond)} req/s\n`,
  );
  const sideBySide = (left: SelfTime[], right: SelfTime[], lines: number) => {
    console.log(`${'bare node:http'.padEnd(width)} | app on PostgreSQL`);
    for (let line = 0; line < lines; line++) {
      console.log(`${cell(left[line], width)} | ${cell(right[line], width).trimEnd()}`);
    }
  };
  console.log('by function (share of busy time):');
  sideBySide(bare.times, app.times, topLines);
  console.log('\nby area:');
  sideBySide(byArea(bare.times), byArea(app.times), 15);
}
