import type { RequestHandler } from 'express';
import { rateLimit, type Options } from 'express-rate-limit';
import { errors } from '../errors';

/**
 * A fixed-window limiter answering 429 with Retry-After in our error format. Counters are per
 * process; behind a load balancer with several processes each one limits independently.
 */
export function limiter(opts: { windowMs: number; limit: number; keyGenerator?: Options['keyGenerator'] }): RequestHandler {
  return rateLimit({
    windowMs: opts.windowMs,
    limit: opts.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    ...(opts.keyGenerator ? { keyGenerator: opts.keyGenerator } : {}),
    handler: (req, _res, next) => {
      const resetTime = (req as unknown as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfter = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : Math.ceil(opts.windowMs / 1000);
      next(errors.rateLimited(retryAfter));
    },
  });
}
