import { derivedPriority, isOpen, openStatuses } from '@redress/shared';
import { services } from '../../../platform/context';
import { Complaint } from '../../complaints/complaint.model';
import { setComplaintPriority } from '../../complaints/commands/complaintAssignment';
import type { ComplaintWritten, LeanComplaint } from '../../complaints/feed/complaintWriter';
import { priorityScore } from '../routingEngine';

/**
 * The routing score a complaint's displayed priority comes from: severity, tier, kind, value,
 * repeats, and the time it waited for a first response (that part stops once staff answered).
 */
export function displayScore(c: LeanComplaint, now: Date): number {
  const until = c.firstResponseAt && c.firstResponseAt < now ? c.firstResponseAt : now;
  return priorityScore(
    {
      severity: c.severity,
      kind: c.kind,
      customer: { tier: c.customer.tier, lifetimeValue: c.customer.lifetimeValue, priorComplaints: c.customer.priorComplaints },
      createdAt: c.createdAt,
    },
    until,
  ).score;
}

/**
 * Store the priority level the routing score calls for (thresholds in shared/src/routing/priority.ts),
 * through the complaints module's setComplaintPriority. Idempotent: nothing is written when the level
 * is already right, and the write is conditional on the level read; a staff choice stands and an SLA
 * raise is never lowered.
 */
export async function derivePriority(complaintId: unknown, now = services().clock.now()): Promise<ComplaintWritten | null> {
  const c = await Complaint.findById(complaintId).lean<LeanComplaint>();
  return c ? derivePriorityOf(c, now) : null;
}

async function derivePriorityOf(c: LeanComplaint, now: Date): Promise<ComplaintWritten | null> {
  if (!isOpen(c.status)) return null;
  const score = displayScore(c, now);
  const to = derivedPriority(c.priority, c.prioritySource, score);
  if (!to) return null;
  return setComplaintPriority(c._id, c.priority, to, { reason: `routing score ${score}`, source: 'routing', score }, now);
}

/** How many unanswered complaints one sweep looks at. */
const SWEEP_BATCH = 1000;

/**
 * Waiting raises the score as minutes pass: re-derive the priority of open complaints nobody has
 * answered yet (run by the queue sweep). Only complaints whose level changes are written.
 */
export async function derivePriorityOfWaiting(now = services().clock.now()): Promise<number> {
  const waiting = await Complaint.find({ status: { $in: [...openStatuses] }, firstResponseAt: null })
    .sort({ createdAt: 1 })
    .limit(SWEEP_BATCH)
    .lean<LeanComplaint[]>();
  let changed = 0;
  for (const c of waiting) if (await derivePriorityOf(c, now)) changed++;
  return changed;
}
