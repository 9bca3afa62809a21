import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The pid file inside a PGlite data folder, with the semantics of PostgreSQL's `postmaster.pid`. */
export const lockFileName = 'emdash.pid';

/** Folders this process holds, so that one process cannot open a folder twice either. */
const heldByThisProcess = new Set<string>();

export class DataFolderInUseError extends Error {
  constructor(dataDir: string, holder: LockHolder) {
    super(
      `the data folder ${dataDir} is in use by process ${holder.pid}` +
        `${holder.command ? ` (${holder.command})` : ''}${holder.since ? ` since ${holder.since}` : ''}. ` +
        'Only one process may open an embedded database: stop that process first, or, while the ' +
        'server runs, do this through its HTTP API (see README, "The CLI").',
    );
    this.name = 'DataFolderInUseError';
  }
}

interface LockHolder {
  pid: number;
  since: string | undefined;
  command: string | undefined;
}

export interface DataFolderLock {
  release(): void;
}

/**
 * Takes the folder for this process, or throws `DataFolderInUseError` while a live process holds
 * it. A lock left by a dead process (a crash, a kill -9) is stale and taken over, as PostgreSQL
 * does with `postmaster.pid`; so is one naming this process's own pid that this process does not
 * hold (a container restarted with the same pid).
 */
export function lockDataFolder(dataDir: string, command: string): DataFolderLock {
  const folder = resolve(dataDir);
  const lockPath = join(folder, lockFileName);
  const content = `${process.pid}\n${new Date().toISOString()}\n${command}\n`;
  const attemptsMax = 3;
  for (let attempt = 1; attempt <= attemptsMax; attempt += 1) {
    if (tryCreate(lockPath, content)) return holdUntilReleased(folder, lockPath);
    const holder = readHolder(lockPath);
    if (holder === null) continue; // released between our two looks: try again
    if (isAlive(holder.pid, folder)) throw new DataFolderInUseError(dataDir, holder);
    removeIfUnchanged(lockPath, holder);
  }
  throw new Error(`could not take the lock ${lockPath} after ${attemptsMax} attempts`);
}

/** Writes a complete file aside and links it into place: the lock never exists half written. */
function tryCreate(lockPath: string, content: string): boolean {
  const pendingPath = `${lockPath}.${process.pid}`;
  writeFileSync(pendingPath, content);
  try {
    linkSync(pendingPath, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(pendingPath);
  }
}

function readHolder(lockPath: string): LockHolder | null {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const [pidText, since, command] = text.split('\n');
  // An unreadable pid cannot name a live process: the file is stale.
  return { pid: Number.parseInt(pidText ?? '', 10) || 0, since, command };
}

function isAlive(pid: number, folder: string): boolean {
  if (pid <= 0) return false;
  if (pid === process.pid) return heldByThisProcess.has(folder);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeIfUnchanged(lockPath: string, stale: LockHolder): void {
  const current = readHolder(lockPath);
  if (current === null || current.pid !== stale.pid || current.since !== stale.since) return;
  try {
    unlinkSync(lockPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function holdUntilReleased(folder: string, lockPath: string): DataFolderLock {
  heldByThisProcess.add(folder);
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    heldByThisProcess.delete(folder);
    process.off('exit', release);
    const current = readHolder(lockPath);
    if (current?.pid === process.pid) unlinkSync(lockPath);
  };
  // A process that exits without closing its database still leaves no lock behind.
  process.on('exit', release);
  return { release };
}
