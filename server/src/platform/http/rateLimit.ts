import type { RequestHandler } from 'express';
import { rateLimit, type Options, type Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import { createClient } from 'redis';
import { services } from '../context';
import { errors } from '../errors';
import type { Logger } from '../logger';

/** Where limiters keep their counters: Redis (shared by every process) or each process's memory. */
export interface RateLimitStores {
  /** A store for the limiter `name` (unique per limiter), or undefined for process memory. */
  store(name: string): Store | undefined;
  close(): Promise<void>;
}

/**
 * With REDIS_URL, counters live in Redis under `<prefix>:rl:<limiter>:<client>` (the same
 * REDIS_PREFIX that separates deployments), so all processes of a deployment count together and a
 * restart keeps the counts. A Redis outage lets requests through (logged) rather than failing them.
 */
export async function createRateLimitStores(opts: { redisUrl?: string; prefix: string; logger: Logger }): Promise<RateLimitStores> {
  if (!opts.redisUrl) return { store: () => undefined, close: async () => undefined };
  const client = createClient({ url: opts.redisUrl });
  client.on('error', (err: Error) => opts.logger.error({ err }, 'redis rate-limit client error'));
  await client.connect();
  return {
    store: (name) => new RedisStore({ prefix: `${opts.prefix}:rl:${name}:`, sendCommand: (...args: string[]) => client.sendCommand(args) }),
    close: async () => {
      await client.quit().catch(() => undefined);
    },
  };
}

/**
 * A fixed-window limiter answering 429 with Retry-After in our error format. `name` keys its
 * counters (two limiters never share them); they are in Redis when REDIS_URL is set (see
 * createRateLimitStores), else in this process's memory.
 */
export function limiter(opts: { name: string; windowMs: number; limit: number; keyGenerator?: Options['keyGenerator'] }): RequestHandler {
  const { rateLimits } = services();
  const store = rateLimits?.store(opts.name);
  return rateLimit({
    windowMs: opts.windowMs,
    limit: opts.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Without TRUST_PROXY, an X-Forwarded-For is ignored on purpose (anyone can forge one): no warning.
    validate: { xForwardedForHeader: false },
    ...(store ? { store, passOnStoreError: true } : {}),
    ...(opts.keyGenerator ? { keyGenerator: opts.keyGenerator } : {}),
    handler: (req, _res, next) => {
      const resetTime = (req as unknown as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfter = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : Math.ceil(opts.windowMs / 1000);
      next(errors.rateLimited(retryAfter));
    },
  });
}
