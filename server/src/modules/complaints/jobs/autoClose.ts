import type { Job } from '../../../platform/jobs/runner';
import { services } from '../../../platform/context';
import { statusChanger } from '../commands/statusChanger';
import { systemActor } from '../commands/timelineRecorder';
import { Complaint } from '../complaint.model';
import type { LeanComplaint } from '../feed/complaintWriter';

const DAY_MS = 24 * 3600_000;
const BATCH = 100;

/**
 * Close resolved complaints that have been quiet for AUTO_CLOSE_DAYS (no reply, no change since
 * the resolution). Each close is the usual conditional update from 'resolved', so a customer
 * reply racing the job wins or loses cleanly, and several processes may run this at once.
 */
export async function closeQuietComplaints(): Promise<{ closed: number }> {
  const { clock, env } = services();
  const cutoff = new Date(clock.now().getTime() - env.AUTO_CLOSE_DAYS * DAY_MS);
  const due = await Complaint.find({ status: 'resolved', resolvedAt: { $lte: cutoff }, updatedAt: { $lte: cutoff } })
    .sort({ resolvedAt: 1 })
    .limit(BATCH)
    .lean<LeanComplaint[]>();
  let closed = 0;
  for (const c of due) {
    try {
      await statusChanger({
        complaint: c,
        from: 'resolved',
        to: 'closed',
        actor: systemActor,
        reason: `no activity for ${env.AUTO_CLOSE_DAYS} days after resolution`,
      });
      closed++;
    } catch (err) {
      // Reopened or closed by someone else since the query: nothing to do.
      if ((err as { id?: string }).id !== 'invalid_state') throw err;
    }
  }
  return { closed };
}

/** Registered in routes.ts backgroundJobs(). */
export const autoCloseJob: Job = { name: 'complaints-auto-close', everyMs: 10 * 60_000, run: closeQuietComplaints };
