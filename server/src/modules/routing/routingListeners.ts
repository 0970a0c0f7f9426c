import { Types } from 'mongoose';
import { isOpen } from '@redress/shared';
import type { ComplaintChange } from '../complaints/complaintChanges';
import type { FeedSubscriber } from '../complaints/feed/feedDispatcher';
import { refreshOpenCounts } from './agentLoad';
import { broadcastPresence, drainQueue, resyncHoldings, routeComplaint } from './commands/complaintAssigner';
import { derivePriority } from './commands/priorityDeriver';

/** Agents whose load a change moves (the new and the previous holder). */
function agentsMoved(ch: ComplaintChange, assigneeId: string | null): string[] {
  if (ch.type === 'assigned') return [ch.assigneeId, ch.previousAssigneeId].filter((x): x is string => !!x);
  if (ch.type === 'escalated') return ch.previousAssigneeId ? [ch.previousAssigneeId] : [];
  if (ch.type === 'status_changed' && isOpen(ch.from) !== isOpen(ch.to)) return assigneeId ? [assigneeId] : [];
  return [];
}

/** Changes after which the displayed priority is derived again from the routing score (tier, severity, waiting). */
const rescoredBy: string[] = ['filed', 'customer_changed', 'categorised', 'scored'];

/**
 * Routing on the change feed: route what is filed, handed back or escalated; when an assignment
 * moves load or a complaint leaves the open states, refresh the agents' load and presence and let
 * the queue drain into the freed slot; when the score's inputs change, store the priority level
 * it calls for (commands/priorityDeriver.ts). Idempotent (routeComplaint does nothing for an assigned or
 * closed complaint); the queue sweep (jobs/queueSweep.ts) catches up whatever waits.
 */
export const routingProcessor: FeedSubscriber = {
  name: 'routing',
  accepts: (ch) => ['filed', 'assigned', 'escalated', 'status_changed', ...rescoredBy].includes(ch.type),
  async handle(changes, complaint) {
    const moved = new Set<string>();
    let route = false;
    let drain = false;
    let rescore = false;
    for (const ch of changes) {
      if (rescoredBy.includes(ch.type)) rescore = true;
      for (const id of agentsMoved(ch, complaint?.assigneeId ? String(complaint.assigneeId) : null)) moved.add(id);
      if (ch.type === 'filed' || ch.type === 'escalated' || (ch.type === 'assigned' && ch.assigneeId === null)) route = true;
      if (ch.type === 'status_changed' && isOpen(ch.from) && !isOpen(ch.to)) drain = true;
      if (ch.type === 'status_changed' && !isOpen(ch.from) && isOpen(ch.to)) route = true;
      // Someone lost a complaint (handed back, reassigned, escalated away): their slot is free.
      if ((ch.type === 'assigned' || ch.type === 'escalated') && ch.previousAssigneeId) drain = true;
    }
    if (route) await routeComplaint(changes[0]!.complaintId);
    if (rescore) await derivePriority(changes[0]!.complaintId);
    if (moved.size) {
      await resyncHoldings([...moved], changes[0]!.complaintId);
      await refreshOpenCounts([...moved].map((id) => new Types.ObjectId(id)));
      for (const id of moved) await broadcastPresence(id);
    }
    if (drain) await drainQueue();
  },
};
