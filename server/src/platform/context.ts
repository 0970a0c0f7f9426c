import type { Clock } from '@redress/shared';
import type { Env } from './env';
import type { Logger } from './logger';
import type { Realtime } from './realtime/realtime';
import type { Mailer } from './mail/mailer';
import type { RateLimitStores } from './http/rateLimit';

/**
 * The process-wide services, wired once by the composition root (server/src/app.ts) so that
 * commands need not thread them through every call. Tests build their own via createRedressServer.
 */
export interface Services {
  env: Env;
  logger: Logger;
  clock: Clock;
  realtime: Realtime;
  mailer: Mailer;
  publicUrl: string;
  /** Key that customers' tracking tokens derive from (see complaints/tracking). */
  trackingSecret: string;
  /** Where rate-limit counters live (Redis with REDIS_URL); absent: process memory. */
  rateLimits?: RateLimitStores;
}

let current: Services | null = null;

export function setServices(s: Services): void {
  current = s;
}

export function services(): Services {
  if (!current) throw new Error('services not initialised: call createRedressServer first');
  return current;
}
