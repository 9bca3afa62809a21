import { z } from 'zod';
import { parseTrustedProxies } from './trusted_proxies.js';

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  EMDASH_BOOTSTRAP_ADMIN_KEY: z.string().min(16).optional(),
  EMDASH_SIMULATED_CLOCK: z.string().datetime({ offset: true }).optional(),
  EMDASH_IP_HASH_SALT: z.string().min(8).optional(),
  EMDASH_PUBLIC_URL: z.string().url().optional(),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_API_BASE: z.string().url().optional(),
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().min(3).default('EmDash Affiliates <affiliates@emdash.dev>'),
  EMDASH_BOOTSTRAP_MANAGER_EMAIL: z.string().trim().max(320).pipe(z.email()).optional(),
  REDIS_URL: z.string().url().optional(),
  EMDASH_TRUSTED_PROXIES: z.string().optional(),
  EMDASH_METRICS_TOKEN: z.string().min(16).optional(),
  EMDASH_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  EMDASH_RATE_LIMIT_PER_KEY: z.coerce.number().int().min(1).default(100_000),
  EMDASH_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(3_000),
  EMDASH_RATE_LIMIT_SIGN_IN_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  EMDASH_ALLOW_PRIVATE_WEBHOOKS: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Requests allowed per window: per API key on /v1, per address without a valid key, and per address on sign-in paths. */
export interface RateLimitConfig {
  windowSeconds: number;
  perKeyMax: number;
  perAddressMax: number;
  signInPerAddressMax: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  bootstrapAdminKey: string | undefined;
  simulatedClockStart: Date | undefined;
  ipHashSalt: string | undefined;
  publicUrl: string | undefined;
  stripeSecretKey: string | undefined;
  stripeWebhookSecret: string | undefined;
  stripeApiBase: string | undefined;
  /** Sign-in links go out over SMTP when set; otherwise they are logged. */
  smtpUrl: string | undefined;
  smtpFrom: string;
  bootstrapManagerEmail: string | undefined;
  /** Partner webhooks may target http and loopback/private addresses (tests, local development). */
  allowPrivateWebhooks: boolean;
  logLevel: string;
  /** Shared rate-limit counters for every API process; in-process counters without it. */
  redisUrl: string | undefined;
  trustedProxies: string[];
  /** When set, `/metrics` answers only `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  rateLimit: RateLimitConfig;
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(
    Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== '')),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    bootstrapAdminKey: env.EMDASH_BOOTSTRAP_ADMIN_KEY,
    simulatedClockStart: env.EMDASH_SIMULATED_CLOCK ? new Date(env.EMDASH_SIMULATED_CLOCK) : undefined,
    ipHashSalt: env.EMDASH_IP_HASH_SALT,
    publicUrl: env.EMDASH_PUBLIC_URL,
    stripeSecretKey: env.STRIPE_SECRET_KEY,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET,
    stripeApiBase: env.STRIPE_API_BASE,
    smtpUrl: env.SMTP_URL,
    smtpFrom: env.SMTP_FROM,
    bootstrapManagerEmail: env.EMDASH_BOOTSTRAP_MANAGER_EMAIL,
    allowPrivateWebhooks: env.EMDASH_ALLOW_PRIVATE_WEBHOOKS === 'true',
    logLevel: env.LOG_LEVEL,
    redisUrl: env.REDIS_URL,
    trustedProxies: parseTrustedProxies(env.EMDASH_TRUSTED_PROXIES),
    metricsToken: env.EMDASH_METRICS_TOKEN,
    rateLimit: {
      windowSeconds: env.EMDASH_RATE_LIMIT_WINDOW_SECONDS,
      perKeyMax: env.EMDASH_RATE_LIMIT_PER_KEY,
      perAddressMax: env.EMDASH_RATE_LIMIT_PER_ADDRESS,
      signInPerAddressMax: env.EMDASH_RATE_LIMIT_SIGN_IN_PER_ADDRESS,
    },
  };
}
