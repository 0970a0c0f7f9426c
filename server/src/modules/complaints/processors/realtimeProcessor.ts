import { Types } from 'mongoose';
import { serverText, socketRooms } from '@redress/shared';
import { services } from '../../../platform/context';
import { customerPromise } from '../../sla/customerPromise';
import { Complaint } from '../complaint.model';
import { presentComplaintSummary } from '../complaint.presenter';
import type { ComplaintChange } from '../complaintChanges';
import { ComplaintEvent } from '../complaintEvent.model';
import { roomsFor } from '../complaintHooks';
import { statusEventKey } from '../commands/statusChanger';
import { presentTrackingPush } from '../portal.presenter';
import type { FeedSubscriber } from '../feed/feedDispatcher';
import type { LeanComplaint } from '../feed/complaintWriter';

/** Changes the customer can see on the tracking page: the public timeline, the status, or the due promise. */
const customerVisible = new Set<ComplaintChange['type']>(['filed', 'status_changed', 'staff_reply', 'customer_reply', 'attachment', 'csat', 'sla_updated']);

/**
 * The tracking page's live update: the complaint's customer-facing state, its promise computed
 * from the clocks as they stand, and the public entries written with these changes (internal ones
 * are filtered by the query and again by the presenter). A stale or repeated push is harmless: the
 * page merges entries by id and takes the state as given.
 */
async function pushToTracking(c: LeanComplaint, changes: ComplaintChange[]): Promise<void> {
  const seen = changes.filter((ch) => customerVisible.has(ch.type));
  if (!seen.length) return;
  // The entries these changes wrote: by id when the change names it, else by the entry's key.
  const ids = seen.flatMap((ch) => ('eventId' in ch && Types.ObjectId.isValid(ch.eventId) ? [new Types.ObjectId(ch.eventId)] : []));
  const keys = seen.flatMap((ch) => (ch.type === 'status_changed' ? [statusEventKey(ch)] : ch.type === 'filed' ? [`created:${String(c._id)}`] : []));
  const [events, promise] = await Promise.all([
    ids.length || keys.length
      ? ComplaintEvent.find({ complaintId: c._id, visibility: 'public', $or: [{ _id: { $in: ids } }, { dedupeKey: { $in: keys } }] })
          .sort({ at: 1, _id: 1 })
          .limit(50)
          .lean()
      : [],
    customerPromise(c),
  ]);
  services()
    .realtime.toTracking(String(c._id))
    .emit('tracking:changed', presentTrackingPush(c, events, promise));
}

/**
 * Pushes each complaint's new state to the consoles allowed to see it, once per batch of changes,
 * carrying the revisions it covers so a console can tell a late push from a missed one. Someone
 * who just lost the complaint (reassigned, escalated away) and may no longer read it hears
 * 'complaint:removed', so their list drops it. The assigned agent gets a notification. The customer's tracking page hears the
 * customer-safe part (pushToTracking).
 */
export const realtimeProcessor: FeedSubscriber = {
  name: 'realtime',
  accepts: () => true,
  async handle(changes) {
    const first = changes[0]!;
    // Read now, not the round's snapshot: routing and SLA may have written since.
    const c = await Complaint.findById(first.complaintId).lean<LeanComplaint>();
    if (!c) return;
    const { realtime } = services();
    const rooms = roomsFor(c);
    const lost = new Set<string>();
    for (const ch of changes) {
      if (ch.type === 'assigned' && ch.previousAssigneeId) lost.add(socketRooms.user(ch.previousAssigneeId));
      if (ch.type === 'escalated') {
        if (ch.previousAssigneeId) lost.add(socketRooms.user(ch.previousAssigneeId));
        if (ch.previousTeamId) lost.add(socketRooms.team(ch.previousTeamId));
      }
    }
    const event = changes.some((ch) => ch.type === 'filed') ? 'complaint:created' : 'complaint:updated';
    realtime.toRooms(rooms).emit(event, { ...presentComplaintSummary(c), sinceRev: first.rev - 1 });
    // Who just lost it and may no longer read it hears only that it left their lists, not its new state.
    const gone = [...lost].filter((r) => !rooms.includes(r));
    if (gone.length)
      realtime.io
        .to(gone)
        .except(rooms)
        .emit('complaint:removed', { id: String(c._id), reason: 'moved' });
    for (const ch of changes) {
      if (ch.type !== 'assigned' || !ch.assigneeId || String(c.assigneeId ?? '') !== ch.assigneeId) continue;
      realtime.toRooms([socketRooms.user(ch.assigneeId)]).emit('notification', {
        kind: 'assigned',
        text: `${c.reference} was assigned to you (${c.subject})`,
        message: serverText('notify.assigned', { reference: c.reference, subject: c.subject }),
        complaintId: String(c._id),
        reference: c.reference,
        at: ch.at.toISOString(),
      });
    }
    await pushToTracking(c, changes);
  },
};
