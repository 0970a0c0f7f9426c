import express from 'express';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
/**
 * Express's 'trust proxy' from text: `false` (default: X-Forwarded-For is ignored, the client is the
 * connecting address), `true` (trust every hop: only behind a proxy that strips what clients send),
 * a hop count (`1`: one proxy in front), or a comma-separated list of proxy addresses, subnets or
 * the names loopback / linklocal / uniquelocal. Checked by Express itself, so a typo fails at boot.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): boolean | number | string[] => {
    const value = v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v.split(',').map((s) => s.trim());
    try {
      express().set('trust proxy', value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `not a valid 'trust proxy' value: ${(err as Error).message}` });
      return z.NEVER;
    }
    return value;
  });
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every setting the server reads, validated once at start-up. Documented in README's
 * configuration table and in .env.example; keep the three in step.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  DATA_DIR: z.string().default('data'),
  EMBEDDED_DB_ENGINE: z.enum(['auto', 'mongod', 'ferretdb-postgres', 'ferretdb-sqlite', 'memory']).default('auto'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().default('Redress Support <support@redress.local>'),
  MAIL_CATCHER_PORT: port.default(1025),
  /** Email channel's SMTP port; `off` disables it (main.ts turns it on at 2525 in development when unset). */
  INBOUND_SMTP_PORT: z.union([z.literal('off'), port]).optional(),
  INBOUND_MAIL_DOMAIN: z.string().default('redress.local'),
  /** Email channel: messages per sender address (From) per hour before 450 "try later"; 0: no limit. */
  INBOUND_PER_SENDER_PER_HOUR: z.coerce.number().int().min(0).default(20),
  /** Email channel: messages per connecting IP address per hour (behind an MTA: all of its mail); 0: no limit. */
  INBOUND_PER_IP_PER_HOUR: z.coerce.number().int().min(0).default(300),
  /** Email channel: read only Authentication-Results headers of this authserv-id (your MTA's); unset: the topmost one. */
  INBOUND_AUTHSERV_ID: z.string().min(1).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  /** Channel prefix of the Socket.IO Redis adapter: processes of one deployment share it, others must not. */
  REDIS_PREFIX: z.string().min(1).default('socket.io'),
  SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  METRICS_TOKEN: z.string().min(16).optional(),
  SEED_DEMO: bool.default(true),
  /** With SEED_DEMO: also eight months of demo orders and older demo complaints (measured retention, the at-risk list). */
  SEED_DEMO_ORDERS: bool.default(true),
  /** Milliseconds a request waits for an unreachable database before it is answered 503 with Retry-After (the driver's 30 s default otherwise). */
  DB_WAIT_MS: z.coerce.number().int().min(100).max(30_000).default(1_000),
  /** Log database commands slower than this many milliseconds (0: off). */
  DB_SLOW_MS: z.coerce.number().int().min(0).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Which proxies' X-Forwarded-For to believe (see trustProxy above); default none. */
  TRUST_PROXY: trustProxy.default(false),
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** Failed sign-ins per account in 15 minutes before it is refused (4x per address); default 10 (50 under NODE_ENV=test). */
  LOGIN_FAILURES_PER_WINDOW: z.coerce.number().int().positive().optional(),
  /** The shop's key (X-Api-Key): voucher redemption and order events (POST /api/orders/events); unset turns both off (503). */
  SHOP_API_KEY: z.string().min(16).optional(),
  /** Seconds a customer's remedy email waits for other remedies of the same complaint, so remedies issued together go out as one email. */
  REMEDY_MAIL_HOLD_SECONDS: z.coerce.number().int().min(0).max(600).default(10),
  JOBS_ENABLED: bool.default(true),
  /** Run the change feed's subscribers in this process (off: a web-only process; others do the work). */
  FEED_ENABLED: bool.default(true),
  /** Complaints whose changes this process works on at once. */
  FEED_CONCURRENCY: z.coerce.number().int().positive().default(4),
  /** First retry delay of a failed subscriber (doubles per attempt, up to 5 minutes; 8 attempts). */
  FEED_RETRY_BASE_MS: z.coerce.number().int().positive().default(1_000),
  /** Let webhook endpoints use loopback, link-local and private addresses (also an admin setting); off by default against request forgery. */
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: bool.default(false),
  /** First retry delay of a failed webhook delivery; doubles per attempt, at most one hour apart. */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().positive().default(30_000),
  /** How long a webhook delivery is retried before it is marked failed (and its endpoint may be disabled). */
  WEBHOOK_RETRY_HOURS: z.coerce.number().positive().default(24),
  /** Timeout of one webhook request. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(10_000),
  /** Days a resolved complaint stays quiet before it is closed automatically. */
  AUTO_CLOSE_DAYS: z.coerce.number().positive().default(7),
});

export type Env = z.infer<typeof envSchema>;

/** Thrown for a bad environment: main prints one line per problem and exits 78 (EX_CONFIG). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
  }
}

/** Parse and validate the environment; production refuses insecure defaults. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const env = parsed.data;
  const problems: string[] = [];
  if (env.NODE_ENV === 'production') {
    if (!env.SESSION_SECRET) problems.push('SESSION_SECRET: required in production');
    if (!env.MONGODB_URI) problems.push('MONGODB_URI: required in production');
  }
  if (problems.length) throw new ConfigError(problems);
  return env;
}
