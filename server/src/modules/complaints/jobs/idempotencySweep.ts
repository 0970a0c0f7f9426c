import type { Job } from '../../../platform/jobs/runner';
import { services } from '../../../platform/context';
import { IdempotencyKey } from '../idempotency.model';

/** How long a client may replay an Idempotency-Key (FerretDB has no TTL index, so we sweep). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000;

/** Delete Idempotency-Key claims older than a day; the complaints they produced stay. */
export async function sweepIdempotencyKeys(): Promise<{ deleted: number }> {
  const cutoff = new Date(services().clock.now().getTime() - IDEMPOTENCY_KEY_TTL_MS);
  const r = await IdempotencyKey.deleteMany({ createdAt: { $lt: cutoff } });
  return { deleted: r.deletedCount };
}

/** Registered in routes.ts backgroundJobs(). */
export const idempotencySweepJob: Job = { name: 'idempotency-sweep', everyMs: 60 * 60_000, run: sweepIdempotencyKeys };
