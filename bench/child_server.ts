import { type ChildProcess, spawn } from 'node:child_process';
import { pinnedToServerCore } from './wrk.js';

/**
 * Benchmarks run each server in a child process of its own, pinned to the server's core (wrk runs
 * on the other one). The child says `{port}` once listening and answers `finish` with what it
 * stored.
 */
export function forkServer(
  file: string,
  args: string[],
  label: string,
  core?: number,
): Promise<{ child: ChildProcess; port: number }> {
  const [command, commandArgs] = pinnedToServerCore(
    process.execPath,
    ['--import', 'tsx', file, ...args],
    core,
  );
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ child, port: message.port }));
    child.once('exit', (code) => reject(new Error(`${label} exited with ${code}`)));
  });
}

export function finishServer<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (message: Record<string, T>) => resolve(message[key] as T));
    child.send('finish');
  });
}
