import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Runs `src/app/main.ts` in its own process, as `npm run cli` does, with only the given environment added. */
export function mainArgs(args: readonly string[]): string[] {
  return ['--import', 'tsx', 'src/app/main.ts', ...args];
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Variables of the test runner's own environment that would change what a spawned process does. */
const programVariables = [
  'DATABASE_URL',
  'DATA_DIR',
  'PORT',
  'EMDASH_SIMULATED_CLOCK',
  'EMDASH_BOOTSTRAP_ADMIN_KEY',
];

export function processEnvironment(environment: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const name of programVariables) delete base[name];
  return { ...base, LOG_LEVEL: 'warn', ...environment };
}

/** Runs a CLI command to its end. */
export function runCli(args: readonly string[], environment: Record<string, string>): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, mainArgs(args), { env: processEnvironment(environment) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface RunningServer {
  child: ChildProcess;
  baseUrl: string;
  /** Everything the process wrote to standard error so far. */
  stderr(): string;
  /** Everything the process wrote to standard output (its log) so far. */
  stdout(): string;
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<number | null>;
}

/**
 * Starts `serve` and waits until `/healthz` answers 200, or throws when the process exits first.
 * No deadline of its own: the test's timeout bounds a start that never finishes.
 */
export async function startServer(environment: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, mainArgs(['serve']), {
    env: processEnvironment({ HOST: '127.0.0.1', PORT: String(port), ...environment }),
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: RunningServer = {
    child,
    baseUrl,
    stderr: () => stderr,
    stdout: () => stdout,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}: ${stderr}`);
    const healthy = await fetch(`${baseUrl}/healthz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) return server;
    await sleep(250);
  }
}

/** Polls `read` until it returns `expected` (a process picks up a change in its own time). */
export async function eventually<T>(read: () => Promise<T>, expected: T): Promise<T> {
  for (;;) {
    const value = await read();
    if (value === expected) return value;
    await sleep(200);
  }
}
