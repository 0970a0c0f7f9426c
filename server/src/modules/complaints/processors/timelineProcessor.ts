import type { ComplaintChange } from '../complaintChanges';
import { recordEvent, systemActor, type Actor } from '../commands/timelineRecorder';
import { statusEventKey } from '../commands/statusChanger';
import type { FeedSubscriber } from '../feed/feedDispatcher';
import type { LeanComplaint } from '../feed/complaintWriter';

function named(name: string | undefined): Actor {
  return name && name !== systemActor.name ? { kind: 'staff', id: null, name } : systemActor;
}

/** The timeline entry a change stands for, keyed on its revision so a repeat adds it once. */
async function entryFor(ch: ComplaintChange, c: LeanComplaint): Promise<void> {
  const base = { complaint: c, at: ch.at, dedupeKey: `feed:${ch.complaintId}:${ch.rev}` };
  switch (ch.type) {
    case 'status_changed':
      // statusChanger wrote it in the request under the same key; this heals a crash in between.
      await recordEvent({
        ...base,
        dedupeKey: statusEventKey(ch),
        type: 'status_changed',
        visibility: 'public',
        actor: ch.actor ? { ...ch.actor, id: ch.actorId } : systemActor,
        data: { from: ch.from, to: ch.to, ...(ch.reason ? { reason: ch.reason } : {}) },
      });
      return;
    case 'assigned':
      if (ch.assigneeId) {
        const name = c.assigneeId && String(c.assigneeId) === ch.assigneeId ? c.assigneeName : null;
        await recordEvent({
          ...base,
          type: 'assigned',
          visibility: 'internal',
          actor: named(ch.by),
          body: `Assigned to ${name ?? 'an agent'}: ${ch.reason ?? ''}`,
          data: {
            assigneeId: ch.assigneeId,
            assigneeName: name,
            strategy: ch.strategy,
            reason: ch.reason,
            ...(ch.reasonText ? { reasonText: ch.reasonText } : {}),
            previousAssigneeId: ch.previousAssigneeId,
          },
        });
      } else {
        await recordEvent({
          ...base,
          type: 'unassigned',
          visibility: 'internal',
          actor: named(ch.by),
          body: `Handed back by ${ch.by ?? 'the agent'}: ${ch.reason ?? ''}`,
          data: { reason: ch.reason, by: ch.previousAssigneeId },
        });
      }
      return;
    case 'escalated':
      await recordEvent({
        ...base,
        type: 'escalated',
        visibility: 'internal',
        actor: named(ch.by),
        body: `Escalated by ${ch.by}: ${ch.reason}`,
        data: { reason: ch.reason, teamId: ch.teamId },
      });
      return;
    case 'queued':
      await recordEvent({
        ...base,
        type: 'queued',
        visibility: 'internal',
        actor: systemActor,
        body: 'No agent with the skills and free capacity is online: waiting in the team queue',
      });
      return;
    case 'priority_changed':
      await recordEvent({
        ...base,
        type: 'priority_changed',
        visibility: 'internal',
        actor: systemActor,
        body: `Priority changed from ${ch.from} to ${ch.to} (${ch.reason})`,
        data: {
          from: ch.from,
          to: ch.to,
          reason: ch.reason,
          ...(ch.source ? { source: ch.source } : {}),
          ...(ch.score !== undefined ? { score: ch.score } : {}),
        },
      });
      return;
    default:
      return;
  }
}

/** Timeline entries for what subscribers and jobs changed (routing, escalation, priority). */
export const timelineProcessor: FeedSubscriber = {
  name: 'timeline',
  accepts: (ch) => ['status_changed', 'assigned', 'escalated', 'queued', 'priority_changed'].includes(ch.type),
  async handle(changes, complaint) {
    if (!complaint) return;
    for (const ch of changes) await entryFor(ch, complaint);
  },
};
