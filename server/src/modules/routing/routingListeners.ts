import { isOpen } from '@redress/shared';
import { Complaint } from '../complaints/complaint.model';
import type { ComplaintChange } from '../complaints/complaintChanges';
import { refreshOpenCounts } from './agentLoad';
import { broadcastPresence, drainQueue, routeComplaint } from './commands/complaintAssigner';

/**
 * Routing's reaction to complaint changes: route what is filed or unassigned; when a complaint
 * leaves the open states its agent's slot frees up and the queue drains. Idempotent; the queue
 * sweep (jobs/queueSweep.ts) catches anything a failed listener missed.
 */
export async function onComplaintChangeForRouting(change: ComplaintChange): Promise<void> {
  if (change.type === 'filed') {
    await routeComplaint(change.complaintId);
    return;
  }
  if (change.type === 'assigned' && change.assigneeId === null) {
    await routeComplaint(change.complaintId);
    return;
  }
  if (change.type !== 'status_changed' || isOpen(change.from) === isOpen(change.to)) return;
  const c = await Complaint.findById(change.complaintId, { assigneeId: 1 }).lean();
  if (!c) return;
  if (c.assigneeId) {
    await refreshOpenCounts([c.assigneeId]);
    await broadcastPresence(String(c.assigneeId));
  }
  if (!isOpen(change.to)) await drainQueue();
  else if (!c.assigneeId) await routeComplaint(change.complaintId);
}
