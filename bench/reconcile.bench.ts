/**
 * Monthly reconciliation (SPEC §13): N referred teams reconciled on PostgreSQL, for N = 10k, 100k
 * and 1M (BENCH_RECONCILE_SIZES=10000,100000 to choose). Each size gets a scratch database filled
 * set-based (INSERT … SELECT generate_series): per 100 teams, 2 churned within the early-churn
 * window (their Tier 1 is reversed), 1 upgraded to $600/month whose Tier 3 was granted at once by
 * the billing effect, 70 paying $40/month for three months, 27 signed up and not paying; per
 * 10,000 teams, one of the upgrades had its Tier 3 missed (it is granted); 100 teams per
 * affiliate; usage days for each. Then `reconcileMonth` is timed and its report checked against
 * the generated exceptions. Prints seconds, teams/s and the per-team time relative to the smallest
 * size (1.00 = linear). Runs alone: `npx tsx bench/reconcile.bench.ts`. With
 * BENCH_RECONCILE_EXPLAIN=1 each phase's statements over all teams are also run under
 * EXPLAIN (ANALYZE, BUFFERS) first, and their plans printed (the timed run is the one after).
 */
import pg from 'pg';
import { bootstrap } from '../src/app/bootstrap.js';
import type { Context } from '../src/app/context.js';
import { reconcileMonth } from '../src/commissions/reconcile_month.js';
import { SimulatedClock } from '../src/platform/clock.js';
import { loadConfig } from '../src/platform/config.js';
import type { Database, Queryable } from '../src/platform/db/database.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import { randomBase62 } from '../src/platform/ids.js';

const postgresUrl = process.env.EMDASH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sizes = (process.env.BENCH_RECONCILE_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const month = '2026-03';
const asOf = new Date('2026-04-01T02:00:00Z');
const targetSecondsPerMillion = 60;

async function withScratchDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `emdash_bench_${randomBase62(10).toLowerCase()}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/**
 * Teams by `n % 100`: 0–1 early churners, 2 upgraded, 3–72 paying steadily, 73–99 not paying;
 * team n belongs to affiliate n / 100. The upgrade's Tier 3 is missing when `n % 10000 = 2`.
 */
async function generate(context: Context, teamCount: number): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => context.db.query(sql, params);
  const affiliates = Math.max(1, Math.floor(teamCount / 100));
  await q(
    `INSERT INTO affiliates (id, email, email_domain, name, kind, status, created_at)
     SELECT 'aff_' || a, 'partner' || a || '@bench.test', 'bench.test', 'Partner ' || a, 'developer', 'active',
            '2025-01-01' FROM generate_series(0, $1 - 1) AS a`,
    [affiliates],
  );
  await q(
    `INSERT INTO teams (id, email, email_domain, affiliate_id, source, rule, status, members, evidence,
        signed_up_at, created_at)
     SELECT 'team_' || n, 'owner@t' || n || '.test', 't' || n || '.test', 'aff_' || (n / 100),
            'direct_link', 'click',
            CASE WHEN n % 100 < 2 THEN 'churned' WHEN n % 100 < 73 THEN 'paid' ELSE 'activated' END,
            1 + n % 8, '{}'::jsonb, timestamptz '2025-06-01' + (n % 200) * interval '1 day',
            timestamptz '2025-06-01' + (n % 200) * interval '1 day'
       FROM generate_series(0, $1 - 1) AS n`,
    [teamCount],
  );
  await q(
    `INSERT INTO referral_events (team_id, type, cause, occurred_at, recorded_at)
     SELECT id, type, 'bench', at, at FROM (
       SELECT 'team_' || n AS id, s.type, s.at, n FROM generate_series(0, $1 - 1) AS n
       CROSS JOIN LATERAL (VALUES
         ('signed_up', timestamptz '2025-06-01' + (n % 200) * interval '1 day', true),
         ('activated', timestamptz '2025-12-01', true),
         ('paid', CASE WHEN n % 100 < 2 THEN timestamptz '2026-03-05' WHEN n % 100 = 2 THEN timestamptz '2026-01-10'
                       ELSE timestamptz '2026-01-03' END, n % 100 < 73),
         ('churned', timestamptz '2026-03-20', n % 100 < 2)) AS s(type, at, applies)
        WHERE s.applies) AS events ORDER BY n, at`,
    [teamCount],
  );
  await q(
    `INSERT INTO team_usage_days (team_id, day, api_calls)
     SELECT 'team_' || n, date '2025-12-01' + d, 500 FROM generate_series(0, $1 - 1) AS n
      CROSS JOIN generate_series(0, 7) AS d WHERE n % 100 < 73 OR d < 2`,
    [teamCount],
  );
  await q(
    `INSERT INTO billing_subscriptions (id, source, team_id, status, monthly_amount_cents, currency, started_at,
        ended_at, version_at, version_rank, version_tiebreak, updated_at)
     SELECT 'sub_' || n, 'api', 'team_' || n, CASE WHEN n % 100 < 2 THEN 'canceled' ELSE 'active' END,
            CASE WHEN n % 100 = 2 THEN 60000 ELSE 4000 END, 'usd', '2026-01-01',
            CASE WHEN n % 100 < 2 THEN timestamptz '2026-03-20' END, '2026-03-20',
            CASE WHEN n % 100 < 2 THEN 2 ELSE 1 END, '', '2026-03-20'
       FROM generate_series(0, $1 - 1) AS n WHERE n % 100 < 73`,
    [teamCount],
  );
  await q(
    `INSERT INTO billing_invoices (id, source, team_id, subscription_id, amount_paid_cents, currency, paid_at, recorded_at)
     SELECT 'inv_' || n || '_' || m, 'api', 'team_' || n, 'sub_' || n,
            CASE WHEN n % 100 = 2 AND m = 3 THEN 60000 ELSE 4000 END, 'usd', p, p
       FROM generate_series(0, $1 - 1) AS n CROSS JOIN generate_series(1, 3) AS m
      CROSS JOIN LATERAL (SELECT CASE WHEN n % 100 < 2 THEN timestamptz '2026-03-05'
                                      ELSE make_timestamptz(2026, m, 3 + (n % 100 = 2)::int * 7, 0, 0, 0, 'UTC') END AS p) AS t
      WHERE n % 100 < 73 AND (n % 100 >= 2 OR m = 1)`,
    [teamCount],
  );
  // Tier 1 of every team that was active on 7 days: created, and vested for the teams that paid.
  // Written with triggers off (bulk load), then the balances the triggers keep are summed once.
  await context.db.transaction(async (tx) => {
    await tx.query("SET LOCAL session_replication_role = 'replica'");
    await tx.query(
      `INSERT INTO commissions (id, affiliate_id, team_id, tier, amount_cents, cause, earned_at, created_at)
       SELECT 'tier1:team_' || n, 'aff_' || (n / 100), 'team_' || n, 'tier1', 5000, 'bench', '2025-12-08', '2025-12-08'
         FROM generate_series(0, $1 - 1) AS n WHERE n % 100 < 73`,
      [teamCount],
    );
    // The upgrades' Tier 3 (15 % of $600), granted when the invoice was paid, except the missed ones.
    await tx.query(
      `INSERT INTO commissions (id, affiliate_id, team_id, tier, amount_cents, rate_basis_points, invoice_id,
          invoice_amount_cents, cause, earned_at, created_at)
       SELECT 'tier3:inv_' || n || '_3', 'aff_' || (n / 100), 'team_' || n, 'tier3', 9000, 1500, 'inv_' || n || '_3',
              60000, 'bench', '2026-03-10', '2026-03-10'
         FROM generate_series(0, $1 - 1) AS n WHERE n % 100 = 2 AND n % 10000 <> 2`,
      [teamCount],
    );
    await tx.query(
      `INSERT INTO ledger_transfers (id, kind, affiliate_id, commission_id, created_at)
       SELECT c.id || ':' || k.kind, 'commission_' || k.kind, c.affiliate_id, c.id, greatest(k.at, c.earned_at)
         FROM commissions c CROSS JOIN (VALUES ('created', timestamptz '2025-12-08'), ('vested', timestamptz '2026-01-03')) AS k(kind, at)`,
    );
    await tx.query(
      `INSERT INTO ledger_entries (transfer_id, affiliate_id, account, amount_cents)
       SELECT t.id, t.affiliate_id, e.account, e.amount
         FROM ledger_transfers t JOIN commissions c ON c.id = t.commission_id
        CROSS JOIN LATERAL (VALUES
          (CASE t.kind WHEN 'commission_created' THEN 'pending' ELSE 'vested' END, c.amount_cents),
          (CASE t.kind WHEN 'commission_created' THEN 'program_expense' ELSE 'pending' END, -c.amount_cents))
          AS e(account, amount)`,
    );
    await tx.query(
      `INSERT INTO ledger_account_balances (affiliate_id, account, balance_cents, entries)
       SELECT affiliate_id, account, sum(amount_cents), count(*) FROM ledger_entries GROUP BY 1, 2`,
    );
  });
  await context.db.exec('ANALYZE');
}

/** Statements that read over all teams (they set work_mem first): EXPLAINed before they run. */
function explainingAllTeamsReads(db: Database): Database {
  const explainIn = (tx: Queryable): Queryable => {
    let allTeams = false;
    return {
      ...tx,
      async query<Row>(sql: string, params?: readonly unknown[]) {
        if (sql.includes('SET LOCAL work_mem')) allTeams = true;
        else if (allTeams && /^\s*(WITH|SELECT)/.test(sql)) {
          const plan = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
          console.log(plan.map((line) => `    ${line['QUERY PLAN']}`).join('\n'));
        }
        return tx.query<Row>(sql, params);
      },
    };
  };
  return { ...db, transaction: (work) => db.transaction((tx) => work(explainIn(tx))) } as Database;
}

interface Measured {
  teams: number;
  seconds: number;
}

async function measure(teamCount: number): Promise<Measured> {
  return withScratchDatabase(async (url) => {
    const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), databaseUrl: url };
    const opened = await openPostgres(url);
    const db = process.env.BENCH_RECONCILE_EXPLAIN ? explainingAllTeamsReads(opened) : opened;
    const context = await bootstrap(config, { db, clock: new SimulatedClock(asOf) });
    try {
      const generateStart = performance.now();
      await generate(context, teamCount);
      const generatedSeconds = (performance.now() - generateStart) / 1000;
      const start = performance.now();
      const report = await reconcileMonth(context, month, asOf);
      const seconds = (performance.now() - start) / 1000;
      const expected = {
        checked: teamCount,
        reversals: 2 * Math.floor(teamCount / 100),
        bonuses: Math.floor((teamCount + 9_997) / 10_000),
      };
      const seen = {
        checked: report.teams.checked,
        reversals: report.reversals.commissions,
        bonuses: report.bonuses.commissions,
      };
      const ok = JSON.stringify(seen) === JSON.stringify(expected);
      console.log(
        `${teamCount.toLocaleString('en-US').padStart(10)} teams  generated in ${generatedSeconds.toFixed(1)} s  ` +
          `reconciled in ${seconds.toFixed(2)} s  ${Math.round(teamCount / seconds).toLocaleString('en-US')} teams/s  ` +
          `phases ${JSON.stringify(report.phasesMs)}  reversals ${seen.reversals}, bonuses ${seen.bonuses}, mismatches ${Object.values(report.mismatches).reduce((sum, kind) => sum + kind.count, 0)}` +
          (ok ? '' : `  REPORT DIFFERS: expected ${JSON.stringify(expected)}`),
      );
      if (!ok) process.exitCode = 1;
      return { teams: teamCount, seconds };
    } finally {
      await context.db.close();
    }
  });
}

// Dropping a scratch database ends its sessions; a pool that already ended may still hear that.
process.on('uncaughtException', (error) => {
  if (/terminating connection due to administrator command/.test(String(error))) return;
  throw error;
});

const results: Measured[] = [];
for (const size of sizes) results.push(await measure(size));
const base = results[0]!;
console.log('\nper-team time relative to the smallest size (1.00 = linear):');
for (const result of results) {
  const ratio = result.seconds / result.teams / (base.seconds / base.teams);
  console.log(`${result.teams.toLocaleString('en-US').padStart(10)} teams  ${ratio.toFixed(2)}`);
}
const largest = results[results.length - 1]!;
const projected = (largest.seconds / largest.teams) * 1_000_000;
console.log(
  `\n1,000,000 teams ${largest.teams === 1_000_000 ? 'took' : 'projected at'} ${projected.toFixed(1)} s (target ≤ ${targetSecondsPerMillion} s)`,
);
