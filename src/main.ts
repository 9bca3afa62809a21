#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { bootstrap } from './bootstrap.js';
import { serve } from './cli/serve.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrate } from './db/migrate.js';
import { type ApiKeyScope, apiKeyScopes } from './domain/api_keys.js';
import { createApiKey } from './usecases/create_api_key.js';
import { runSweep } from './usecases/run_sweep.js';

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

const program = new Command('emdash-affiliates').description(
  'EmDash Affiliates: the affiliate program service',
);

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
    const applied = await migrate(db);
    console.log(applied.length ? `applied migrations ${applied.join(', ')}` : 'database is up to date');
    await db.close();
  });

const keys = program.command('keys').description('API keys');
keys
  .command('create')
  .description('create an API key and print it once')
  .requiredOption('--scope <scope>', 'admin | track | affiliate', parseScope)
  .option('--name <name>', 'what the key is for', 'cli')
  .option('--affiliate <id>', 'the affiliate an affiliate-scoped key belongs to')
  .action(async (options: { scope: ApiKeyScope; name: string; affiliate?: string }) => {
    const context = await bootstrap(loadConfig());
    const created = await createApiKey(context, {
      scope: options.scope,
      name: options.name,
      affiliateId: options.affiliate,
    });
    console.log(JSON.stringify(created, null, 2));
    await context.db.close();
  });

program
  .command('sweep')
  .description('apply the time-based work due as of a date: activation catch-up, usage id pruning, …')
  .option('--as-of <date>', 'ISO date or time (default: now)', parseAsOf)
  .action(async (options: { asOf?: Date }) => {
    const context = await bootstrap(loadConfig());
    const summary = await runSweep(context, options.asOf ?? context.clock.now());
    console.log(JSON.stringify(summary, null, 2));
    await context.db.close();
  });

export { program };

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
