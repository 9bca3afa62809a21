import { createConnection } from 'node:net';

/** The Redis the suite uses: `.ci/run` starts one on this address. */
export const testRedisUrl = process.env.EMDASH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True when Redis answers PING; never throws. */
export function redisIsUp(url = testRedisUrl): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(2_000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Whether tests that need Redis run: in CI Redis must be up (`.ci/run` starts it), so its
 * absence fails the run; elsewhere they are skipped with a message saying how to run them.
 */
export async function redisForTests(): Promise<boolean> {
  if (await redisIsUp()) return true;
  if (process.env.CI) throw new Error(`Redis is not up at ${testRedisUrl}; .ci/run should have started it`);
  console.warn(
    `Redis is not up at ${testRedisUrl}: skipping the tests that need it. Start it with ` +
      `redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no`,
  );
  return false;
}
