/**
 * EXPLAIN (ANALYZE) of the ingestion statement on PGlite (in memory), for groups of 1, 10 and 50
 * requests of 100 events (`node --import tsx bench/ingest_explain_pglite.ts [hot|spread]`).
 */
import { bootstrap } from '../src/app/bootstrap.js';
import { createAffiliate } from '../src/partners/create_affiliate.js';
import { loadConfig } from '../src/platform/config.js';
import { usageBatchesStatement } from '../src/usage/storage/usage.js';

const spread = process.argv[2] === 'spread';
const teamCount = 10_000;
const context = await bootstrap(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://' }));
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
  [affiliate.id, now, teamCount],
);
let serial = 0;
const batch = () =>
  Array.from({ length: 100 }, (_, index) => {
    serial += 1;
    return {
      id: `e_${serial}`,
      teamId: spread ? `team_${(serial * 7919) % teamCount}` : `team_${index % 50}`,
      apiCalls: 1 + (serial % 47),
      occurredAt: now,
    };
  });
for (const requests of [1, 10, 50, 1, 10, 50]) {
  const statement = usageBatchesStatement(Array.from({ length: requests }, batch));
  const started = performance.now();
  const rows = await context.db.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, TIMING OFF) ${statement.text}`,
    statement.values,
  );
  const ms = performance.now() - started;
  console.log(`${requests} requests: ${ms.toFixed(1)} ms round trip; ${rows.at(-1)!['QUERY PLAN']}`);
  if (process.env.SHOW_PLAN && requests === 50) for (const row of rows) console.log(`  ${row['QUERY PLAN']}`);
}
await context.db.close();
