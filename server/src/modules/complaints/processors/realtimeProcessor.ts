import { serverText, socketRooms } from '@redress/shared';
import { services } from '../../../platform/context';
import { Complaint } from '../complaint.model';
import { presentComplaintSummary } from '../complaint.presenter';
import { roomsFor } from '../complaintHooks';
import type { FeedSubscriber } from '../feed/feedDispatcher';
import type { LeanComplaint } from '../feed/complaintWriter';

/**
 * Pushes each complaint's new state to the consoles allowed to see it, once per batch of changes,
 * carrying the revisions it covers so a console can tell a late push from a missed one. Someone
 * who just lost the complaint (handed back, reassigned, escalated away) hears it too, so their
 * list drops it. The assigned agent gets a notification.
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
    const rooms = new Set(roomsFor(c));
    for (const ch of changes) {
      if (ch.type === 'assigned' && ch.previousAssigneeId) rooms.add(socketRooms.user(ch.previousAssigneeId));
      if (ch.type === 'escalated') {
        if (ch.previousAssigneeId) rooms.add(socketRooms.user(ch.previousAssigneeId));
        if (ch.previousTeamId) rooms.add(socketRooms.team(ch.previousTeamId));
      }
    }
    const event = changes.some((ch) => ch.type === 'filed') ? 'complaint:created' : 'complaint:updated';
    realtime.toRooms([...rooms]).emit(event, { ...presentComplaintSummary(c), sinceRev: first.rev - 1 });
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
  },
};
