import { type ChildProcess, fork } from 'node:child_process';

/**
 * Benchmarks run each server in a child process of the benchmark file itself (so the load
 * generator and the server do not share an event loop). The child says `{port}` once listening
 * and answers `finish` with what it stored.
 */
export function forkServer(
  file: string,
  args: string[],
  label: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(file, args, { execArgv: ['--import', 'tsx'] });
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
