#!/usr/bin/env node
import { readFile, writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { registerUserCommands } from '../accounts/cli/users_command.js';
import { registerAgencyCommands } from '../agencies/cli/agencies_commands.js';
import { reconcileMonth } from '../commissions/reconcile_month.js';
import { registerDemoCommand } from '../demo/cli/demo_command.js';
import { registerEconomicsCommand } from '../economics/cli/economics_command.js';
import { registerWhatIfCommand } from '../economics/cli/what_if_command.js';
import { registerKeyCommands } from '../partners/cli/key_commands.js';
import { createApiKey } from '../partners/create_api_key.js';
import { type ApiKeyScope, apiKeyScopes } from '../partners/rules/api_keys.js';
import { registerPayoutRunCommands } from '../payouts/cli/payout_run_commands.js';
import { exportCsvPayouts } from '../payouts/export_csv_payouts.js';
import { importCsvPayouts } from '../payouts/import_csv_payouts.js';
import { runPayouts } from '../payouts/run_payouts.js';
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { bootstrap } from './bootstrap.js';
import { setClock, showClock } from './cli/clock.js';
import { printResult } from './cli/output.js';
import { serve } from './cli/serve.js';
import { runWorker } from './cli/worker.js';
import { runSweep } from './run_sweep.js';

function parseScope(value: string): ApiKeyScope {
  if (!(apiKeyScopes as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`scope must be one of ${apiKeyScopes.join(', ')}`);
  }
  return value as ApiKeyScope;
}

export function parseAsOf(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new InvalidArgumentError('expected an ISO date or time, e.g. 2026-03-01');
  return date;
}

const program = new Command('emdash-affiliates')
  .description('EmDash Affiliates: the affiliate program service')
  .option('--json', 'print results as JSON (for scripts); logs always go to standard error');

/** A command's context: its logs go to standard error, so standard output holds only its result. */
function commandContext() {
  return bootstrap(loadConfig(), { logToStderr: true });
}

function print(result: unknown): void {
  printResult(result, { json: Boolean(program.opts().json) });
}

program
  .command('serve')
  .description('serve the API, redirect and dashboards (PORT, DATA_DIR or DATABASE_URL)')
  .action(async () => {
    await serve(loadConfig());
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const config = loadConfig();
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      print({ applied: await migrate(db) });
    } finally {
      await db.close();
    }
  });

const keys = program.command('keys').description('API keys');
keys
  .command('create')
  .description('create an API key and print it once')
  .requiredOption('--scope <scope>', 'admin | track | affiliate', parseScope)
  .option('--name <name>', 'what the key is for', 'cli')
  .option('--affiliate <id>', 'the affiliate an affiliate-scoped key belongs to')
  .action(async (options: { scope: ApiKeyScope; name: string; affiliate?: string }) => {
    const context = await commandContext();
    const created = await createApiKey(context, {
      scope: options.scope,
      name: options.name,
      affiliateId: options.affiliate,
    });
    print(created);
    await context.db.close();
  });
registerKeyCommands(keys, commandContext, print);

program
  .command('sweep')
  .description('apply the time-based work due as of a date: activation catch-up, usage id pruning, …')
  .option('--as-of <date>', 'ISO date or time (default: now)', parseAsOf)
  .action(async (options: { asOf?: Date }) => {
    const context = await commandContext();
    const summary = await runSweep(context, options.asOf ?? context.clock.now());
    print(summary);
    await context.db.close();
  });

const payouts = program.command('payouts').description('payout runs (Stripe Connect, or CSV without Stripe)');
payouts
  .command('run')
  .description('release what is due, resolve payouts in flight and pay every affiliate due as of a date')
  .option('--as-of <date>', 'ISO date or time (default: now)', parseAsOf)
  .action(async (options: { asOf?: Date }) => {
    const context = await commandContext();
    const summary = await runPayouts(context, options.asOf ?? context.clock.now());
    print(summary);
    await context.db.close();
  });
payouts
  .command('export')
  .description('write the CSV of payouts in transit on the CSV rail (to --out, or standard output)')
  .option('--as-of <date>', 'only payouts of runs as of this date or earlier', parseAsOf)
  .option('--out <file>', 'file to write')
  .action(async (options: { asOf?: Date; out?: string }) => {
    const context = await commandContext();
    const exported = await exportCsvPayouts(context, { asOf: options.asOf });
    if (options.out) {
      await writeFile(options.out, exported.csv);
      console.error(`wrote ${exported.payouts} payout(s), ${exported.totalCents} cents, to ${options.out}`);
    } else {
      process.stdout.write(exported.csv);
    }
    await context.db.close();
  });
payouts
  .command('import')
  .description('mark CSV payouts paid or failed from a file with payout_id,status,reference')
  .argument('<file>', 'the CSV file')
  .action(async (file: string) => {
    const context = await commandContext();
    try {
      print(await importCsvPayouts(context, await readFile(file, 'utf8')));
    } catch (error) {
      const details = (error as { details?: unknown }).details;
      if (details) console.error(JSON.stringify(details, null, 2));
      throw error;
    } finally {
      await context.db.close();
    }
  });
registerPayoutRunCommands(payouts, commandContext, print);

program
  .command('worker')
  .description('run the scheduled jobs (sweep, reconciliation, payouts) without serving HTTP')
  .action(async () => {
    await runWorker(loadConfig());
  });

program
  .command('reconcile')
  .description('reconcile an ended calendar month; prints its report (the stored one if it ran before)')
  .requiredOption('--month <YYYY-MM>', 'the month to reconcile')
  .option('--as-of <date>', 'ISO date or time (default: now)', parseAsOf)
  .action(async (options: { month: string; asOf?: Date }) => {
    const context = await commandContext();
    try {
      const report = await reconcileMonth(context, options.month, options.asOf ?? context.clock.now());
      print(report);
    } finally {
      await context.db.close();
    }
  });

const clock = program.command('clock').description('the simulated program clock (EMDASH_SIMULATED_CLOCK)');
clock
  .command('set')
  .description('move the simulated clock forward, running the scheduled jobs it passes')
  .argument('<time>', 'ISO date or time, later than the clock', parseAsOf)
  .action(async (time: Date) => {
    const context = await commandContext();
    try {
      print(await setClock(context, time));
    } finally {
      await context.db.close();
    }
  });
clock
  .command('show')
  .description('print the program time and whether it is simulated')
  .action(async () => {
    const context = await commandContext();
    try {
      print(showClock(context));
    } finally {
      await context.db.close();
    }
  });

registerUserCommands(program, commandContext, print);
registerAgencyCommands(program, commandContext, print);
registerWhatIfCommand(program, commandContext, () => Boolean(program.opts().json));
registerEconomicsCommand(program, () => Boolean(program.opts().json), commandContext);
registerDemoCommand(program, () => Boolean(program.opts().json));

export { program };

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
