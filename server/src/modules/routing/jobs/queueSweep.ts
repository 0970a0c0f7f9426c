import type { Job } from '../../../platform/jobs/runner';
import { drainQueue, reconcileAgentHoldings } from '../commands/complaintAssigner';
import { derivePriorityOfWaiting } from '../commands/priorityDeriver';

/**
 * Drain the queue on a timer too: waiting time raises priority as minutes pass, and a listener
 * that failed (a crash between filing and routing) is healed here. Every process may run it; the
 * routing lock serialises the drains. Then unanswered complaints' priority follows their waiting time
 * (conditional writes: two processes at once change a level once).
 */
export const queueSweepJob: Job = {
  name: 'routing-queue',
  everyMs: 15_000,
  run: async () => {
    await drainQueue();
    await derivePriorityOfWaiting();
  },
};

/** Agents' holdings rewritten from the complaints (agentHoldings.ts): drift from a crash heals within minutes. */
export const holdingsReconcileJob: Job = { name: 'routing-holdings', everyMs: 600_000, run: () => reconcileAgentHoldings() };
