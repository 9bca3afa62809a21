/**
 * The servers bench/redirect.bench.ts measures, one per process (`redirect_servers.ts bare |
 * postgres | pglite> <link code> [database url]`): a bare `node:http` server answering the same 302 + Set-Cookie as the app,
 * and the real app on PostgreSQL (a scratch database, or the one named, which several processes
 * share: bench/redirect_two_processes.bench.ts) or PGlite. On `finish` each reports the
 * clicks it stored.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import { bootstrap } from '../src/app/bootstrap.js';
import { buildServer } from '../src/app/http/server.js';
import { createAffiliate } from '../src/partners/create_affiliate.js';
import { loadConfig } from '../src/platform/config.js';
import { createLink } from '../src/tracking/create_link.js';
import { selectLinkByCode } from '../src/tracking/storage/links.js';
import { createScratchDatabase } from './scratch_database.js';

export type ServerKind = 'bare' | 'postgres' | 'pglite';

const destination = 'https://emdash.dev/start?utm_source=bench';
const cookieMaxAgeSeconds = 90 * 86_400;

export interface ClickTally {
  clicks: number;
  counted: number;
}

interface Running {
  port: number;
  /** Writes the clicks buffered so far. */
  flush: () => Promise<void>;
  finish: () => Promise<ClickTally>;
}

async function serveBare(): Promise<Running> {
  let served = 0;
  const server = createServer((_request, response) => {
    served += 1;
    const clickId = `clk_${String(served).padStart(20, '0')}`;
    response.writeHead(302, {
      location: `${destination}&emd_click=${clickId}`,
      'cache-control': 'no-store',
      'set-cookie': `emd_click=${clickId}; Max-Age=${cookieMaxAgeSeconds}; Path=/; HttpOnly; SameSite=Lax`,
    });
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    flush: async () => undefined,
    finish: async () => {
      server.close();
      return { clicks: 0, counted: 0 };
    },
  };
}

async function serveApp(kind: 'postgres' | 'pglite', sharedUrl: string | undefined): Promise<Running> {
  const scratch = kind === 'postgres' && !sharedUrl ? await createScratchDatabase() : undefined;
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    EMDASH_IP_HASH_SALT: 'bench-visitor-salt',
    // wrk stands in for a proxy that names each new visitor in X-Forwarded-For.
    EMDASH_TRUSTED_PROXIES: '127.0.0.1',
    ...(scratch || sharedUrl ? { DATABASE_URL: sharedUrl ?? scratch!.url } : { DATA_DIR: 'memory://' }),
  });
  const context = await bootstrap(config);
  // A shared database gets its link from the first process.
  if (!(await selectLinkByCode(context.db, process.argv[3]!))) {
    const affiliate = await createAffiliate(context, {
      email: 'bench@example.com',
      name: 'Bench',
      kind: 'developer',
    });
    await createLink(context, { affiliateId: affiliate.id, destination, code: process.argv[3]! });
  }
  const app = await buildServer(context);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    flush: () => context.clicks.flush(),
    finish: async () => {
      await context.clicks.flush();
      const [tally] = await context.db.query<ClickTally>(
        'SELECT count(*)::int8 AS clicks, count(*) FILTER (WHERE counted)::int8 AS counted FROM clicks',
      );
      await app.close();
      await context.db.close();
      await scratch?.drop();
      return { clicks: Number(tally?.clicks ?? 0), counted: Number(tally?.counted ?? 0) };
    },
  };
}

const kind = process.argv[2] as ServerKind;
const server = kind === 'bare' ? await serveBare() : await serveApp(kind, process.argv[4]);
process.send?.({ port: server.port });
// bench/redirect_profile.ts profiles only the measured load: `{profile: 'start'}`, then
// `{profile: 'stop', file}` writes the .cpuprofile and answers `{profiled: file}`.
let profiler: Session | undefined;
process.on('message', async (message: { profile?: 'start' | 'stop'; file?: string; flush?: true }) => {
  if (message.flush) {
    await server.flush();
    process.send?.({ flushed: true });
  } else if (message.profile === 'start') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
    process.send?.({ profiling: true });
  } else if (message.profile === 'stop' && profiler && message.file) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(message.file, JSON.stringify(profile));
    profiler.disconnect();
    process.send?.({ profiled: message.file });
  }
});
process.on('message', async (message) => {
  if (message !== 'finish') return;
  const tally = await server.finish();
  process.send?.({ tally }, () => process.exit(0));
});
