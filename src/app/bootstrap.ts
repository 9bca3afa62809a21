import { pino } from 'pino';
import { ensureBootstrapManager } from '../accounts/create_user.js';
import { ensureBootstrapAdminKey } from '../partners/create_api_key.js';
import { type Clock, SimulatedClock, SystemClock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import { type Database, openDatabase } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { newId } from '../platform/ids.js';
import { instanceSecret } from '../platform/instance_secret.js';
import { createMetrics } from '../platform/metrics.js';
import { ProcessHealth } from '../platform/process_health.js';
import { DatabaseClockStore } from '../platform/storage/program_clock.js';
import { ProgramSettingsCache } from '../settings/program_settings_cache.js';
import { ClickRecorder } from '../tracking/record_click.js';
import type { Context } from './context.js';

export interface BootstrapOptions {
  /** An already open database (tests); otherwise opened from the config. */
  db?: Database;
  clock?: Clock;
  collectProcessMetrics?: boolean;
  /** Logs to standard error (CLI commands, whose standard output carries only their result). */
  logToStderr?: boolean;
}

/** Opens the database, migrates it and builds the context shared by HTTP, jobs and the CLI. */
export async function bootstrap(config: Config, options: BootstrapOptions = {}): Promise<Context> {
  const logger = options.logToStderr
    ? pino({ level: config.logLevel }, pino.destination({ dest: 2, sync: true }))
    : pino({ level: config.logLevel });
  const db = options.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  const applied = await migrate(db);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const clock = options.clock ?? (await configuredClock(config, db));
  const settings = new ProgramSettingsCache(db);
  await settings.load();
  const context: Context = {
    config,
    db,
    clock,
    newId,
    settings,
    logger,
    metrics: createMetrics({ collectProcessMetrics: options.collectProcessMetrics ?? false }),
    health: new ProcessHealth(),
    visitorHashSalt: config.ipHashSalt ?? (await instanceSecret(db, 'visitor_hash_salt')),
    clicks: { flush: async () => undefined },
    webhookDeliveries: { kick: () => undefined },
  };
  // The recorder needs the context it belongs to, so it replaces the placeholder once built.
  context.clicks = new ClickRecorder(context);
  if (config.bootstrapAdminKey) await ensureBootstrapAdminKey(context, config.bootstrapAdminKey);
  if (config.bootstrapManagerEmail) await ensureBootstrapManager(context, config.bootstrapManagerEmail);
  return context;
}

/**
 * The real clock, or with EMDASH_SIMULATED_CLOCK the simulated clock stored in the database (the
 * variable only seeds an empty store). A clock passed to `bootstrap` is used as given.
 */
async function configuredClock(config: Config, db: Database): Promise<Clock> {
  if (!config.simulatedClockStart) return new SystemClock();
  const clock = new SimulatedClock(config.simulatedClockStart);
  await clock.attach(new DatabaseClockStore(db));
  return clock;
}
