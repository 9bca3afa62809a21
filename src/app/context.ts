import type { Logger } from 'pino';
import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import type { Database } from '../platform/db/database.js';
import type { IdGenerator } from '../platform/ids.js';
import type { Metrics } from '../platform/metrics.js';
import type { ProcessHealth } from '../platform/process_health.js';
import type { ProgramSettingsCache } from '../settings/program_settings_cache.js';
import type { ClickFlusher } from '../tracking/click_flusher.js';

/** What every use case may use. Built once by `bootstrap`, passed explicitly, never global. */
export interface Context {
  config: Config;
  db: Database;
  clock: Clock;
  newId: IdGenerator;
  settings: ProgramSettingsCache;
  logger: Logger;
  metrics: Metrics;
  /** Whether this process's background parts (the job queue) came up; `/healthz` reports it. */
  health: ProcessHealth;
  /** Salt for hashing visitor IP + user agent; generated once per installation. */
  visitorHashSalt: string;
  /** Clicks are written in batches off the redirect path; flush before reading a fresh click. */
  clicks: ClickFlusher;
  /** Asks this process's webhook dispatcher to send what is due soon (a no-op where none runs). */
  webhookDeliveries: { kick(): void };
}
