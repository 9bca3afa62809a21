/**
 * The app bench/ingest.bench.ts measures, in a process of its own (`ingest_app.ts postgres |
 * pglite <database url> <admin key> <team count>`): referred teams `team_0` … of a bench affiliate
 * are seeded as already activated (signed up and activated, as their lifecycle records), so that
 * the runs measure the steady state: usage of live referred teams, not the one-time activation
 * check of teams still signed up. On `finish` it reports what it stored.
 */
import { bootstrap } from '../src/app/bootstrap.js';
import { buildServer } from '../src/app/http/server.js';
import { createAffiliate } from '../src/partners/create_affiliate.js';
import { loadConfig } from '../src/platform/config.js';

export interface StoredUsage {
  events: number;
  /** Sum of api_calls over the stored events … */
  eventApiCalls: number;
  /** … and over the per-day totals they were counted into: equal when each counted once. */
  dayApiCalls: number;
  teamsActivated: number;
}

const [kind, databaseUrl, adminKey, teamCountText] = process.argv.slice(2);
const config = loadConfig({
  LOG_LEVEL: 'silent',
  EMDASH_BOOTSTRAP_ADMIN_KEY: adminKey,
  ...(kind === 'postgres' ? { DATABASE_URL: databaseUrl } : { DATA_DIR: 'memory://' }),
});
const context = await bootstrap(config);
const affiliate = await createAffiliate(context, {
  email: 'bench@example.com',
  name: 'Bench',
  kind: 'developer',
});
const now = context.clock.now();
await context.db.query(
  `INSERT INTO teams (id, email, email_domain, affiliate_id, rule, status, evidence, signed_up_at, activated_at, created_at)
   SELECT 'team_' || n, 'owner@team' || n || '.test', 'team' || n || '.test', $1, 'click', 'activated', '{}', $2, $2, $2
   FROM generate_series(0, $3 - 1) AS n`,
  [affiliate.id, now, Number(teamCountText)],
);
await context.db.query(
  `INSERT INTO referral_events (team_id, type, cause, occurred_at, recorded_at)
   SELECT id, type, 'bench seed', $1, $1 FROM teams, (VALUES ('signed_up'), ('activated')) AS lifecycle (type)`,
  [now],
);
const app = await buildServer(context);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no port');
process.send?.({ port: address.port });
process.on('message', async (message) => {
  if (message !== 'finish') return;
  const [row] = await context.db.query<Record<keyof StoredUsage, string>>(
    `SELECT (SELECT count(*) FROM usage_events) AS events,
            (SELECT coalesce(sum(api_calls), 0) FROM usage_events) AS "eventApiCalls",
            (SELECT coalesce(sum(api_calls), 0) FROM team_usage_days) AS "dayApiCalls",
            (SELECT count(*) FROM teams WHERE status = 'activated') AS "teamsActivated"`,
  );
  const stored: StoredUsage = {
    events: Number(row!.events),
    eventApiCalls: Number(row!.eventApiCalls),
    dayApiCalls: Number(row!.dayApiCalls),
    teamsActivated: Number(row!.teamsActivated),
  };
  await app.close();
  await context.db.close();
  process.send?.({ stored }, () => process.exit(0));
});
