/**
 * Where `npm start`'s seconds go, phase by phase, in one process on a PGlite data folder:
 * `tsx bench/startup_phases.ts <folder>` (a missing folder is created: the fresh-folder case; run it
 * again for the existing-folder case). Module loading is measured as each phase imports its code.
 */
import { loadavg } from 'node:os';

const startedMs = performance.now();
let lastMs = startedMs;
function mark(label: string): void {
  const nowMs = performance.now();
  console.log(`${(nowMs - lastMs).toFixed(0).padStart(6)} ms  ${label}`);
  lastMs = nowMs;
}

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: tsx bench/startup_phases.ts <data folder>');
const { PGlite } = await import('@electric-sql/pglite');
mark('load the PGlite module');
const client = await PGlite.create(dataDir);
mark('PGlite.create (initdb on a fresh folder, WASM instantiation)');
await client.close();
mark('close it');
const { openPglite } = await import('../src/platform/db/pglite.js');
const { migrate } = await import('../src/platform/db/migrate.js');
mark('load the database modules');
const db = await openPglite(dataDir);
mark('open the folder again');
const applied = await migrate(db);
mark(`migrate (${applied.length} applied)`);
await db.close();
const { loadConfig } = await import('../src/platform/config.js');
const { bootstrap } = await import('../src/app/bootstrap.js');
mark('load the bootstrap modules');
const context = await bootstrap(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
mark('bootstrap (open, migrate, settings, secrets)');
const { buildServer } = await import('../src/app/http/server.js');
mark('load the HTTP modules');
const app = await buildServer(context);
mark('buildServer (routes, OpenAPI, web app)');
await app.listen({ port: 0, host: '127.0.0.1' });
mark('listen');
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
const health = await fetch(`http://127.0.0.1:${port}/healthz`);
mark(`first GET /healthz (${health.status})`);
console.log(
  `${(performance.now() - startedMs).toFixed(0).padStart(6)} ms  total, load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')}`,
);
await app.close();
await context.db.close();
