import type { Job } from '../../../platform/jobs/runner';
import { services } from '../../../platform/context';
import { applyOrderValues } from '../commands/customerOrderValue';
import { orderSummaries } from '../orders.collections';

const PAGE = 500;

/**
 * Lifecycle stages move with time alone (a customer who stops ordering drifts into decline): walk
 * every order summary in _id pages and re-derive stage and value as of now. Idempotent, so every
 * process may run it; hourly, so the at-risk list's stored `decline` set stays within an hour
 * (the list itself re-derives each candidate's stage at read time).
 */
export async function sweepLifecycleStages(): Promise<number> {
  let after: string | null = null;
  let changed = 0;
  for (;;) {
    const page = await orderSummaries()
      .find(after ? { _id: { $gt: after } } : {}, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .limit(PAGE)
      .toArray();
    if (page.length === 0) break;
    changed += (
      await applyOrderValues(
        page.map((p) => p._id),
        services().clock.now(),
      )
    ).changed;
    if (page.length < PAGE) break;
    after = page[page.length - 1]!._id;
  }
  return changed;
}

export const lifecycleSweepJob: Job = { name: 'lifecycle-sweep', everyMs: 3600_000, run: () => sweepLifecycleStages() };
