/**
 * Where a benchmark's CPU went, from Linux's own accounting: the user + system time of every process
 * (`/proc/<pid>/stat`) and the machine's busy time (`/proc/stat`), read before and after a measured
 * run. On a 2-core machine the server, PostgreSQL and the load generator share the cores, so a
 * throughput ratio alone cannot say whose CPU made the difference; this can.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface CpuSnapshot {
  /** Clock ticks of user + system time, by process id, with the process's command name. */
  processes: Map<number, { command: string; ticks: number }>;
  /** Clock ticks the machine spent not idle (all cores, including interrupts). */
  machineBusyTicks: number;
  /**
   * Clock ticks of this process's children that ended and were reaped (a load generator that has
   * exited by the time the second snapshot is taken is no longer in `processes`).
   */
  reapedChildTicks: number;
}

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function readProcess(pid: string): { command: string; ticks: number; reapedChildTicks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const commandEnd = stat.lastIndexOf(')');
    const command = stat.slice(stat.indexOf('(') + 1, commandEnd);
    // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
    const fields = stat.slice(commandEnd + 2).split(' ');
    // cutime and cstime (fields 16 and 17): children that ended and were waited for.
    return {
      command,
      ticks: Number(fields[11]) + Number(fields[12]),
      reapedChildTicks: Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

export function cpuSnapshot(): CpuSnapshot {
  const processes = new Map<number, { command: string; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const read = readProcess(entry);
    if (read) processes.set(Number(entry), { command: read.command, ticks: read.ticks });
  }
  const [, ...counters] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const values = counters.map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const reapedChildTicks = readProcess(String(process.pid))?.reapedChildTicks ?? 0;
  return { processes, machineBusyTicks: total - idle, reapedChildTicks };
}

/**
 * CPU seconds spent between two snapshots, grouped by `groupOf` (a process that started in between
 * counts from zero), plus `reapedChildren` (this process's children that ended in between, such as
 * the load generator), `machine` (everything busy) and `other` (the machine's busy time no group
 * took: the kernel's network work outside process context, other programs).
 */
export function cpuSecondsBetween(
  before: CpuSnapshot,
  after: CpuSnapshot,
  groupOf: (pid: number, command: string) => string | undefined,
): Map<string, number> {
  const seconds = new Map<string, number>();
  let grouped = (after.reapedChildTicks - before.reapedChildTicks) / ticksPerSecond;
  seconds.set('reapedChildren', grouped);
  for (const [pid, process] of after.processes) {
    const group = groupOf(pid, process.command);
    if (!group) continue;
    const spent = (process.ticks - (before.processes.get(pid)?.ticks ?? 0)) / ticksPerSecond;
    seconds.set(group, (seconds.get(group) ?? 0) + spent);
    grouped += spent;
  }
  const machine = (after.machineBusyTicks - before.machineBusyTicks) / ticksPerSecond;
  seconds.set('other', Math.max(0, machine - grouped));
  seconds.set('machine', machine);
  return seconds;
}
