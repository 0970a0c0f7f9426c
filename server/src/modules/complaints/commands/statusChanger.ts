import { canTransition, type ComplaintStatus } from '@redress/shared';
import { services } from '../../../platform/context';
import { errors } from '../../../platform/errors';
import type { ComplaintChange } from '../complaintChanges';
import { mutateComplaint, type LeanComplaint } from '../feed/complaintWriter';
import { recordEvent, type Actor, type StoredEvent } from './timelineRecorder';

export interface ChangeStatusProps {
  complaint: LeanComplaint;
  to: ComplaintStatus;
  actor: Actor;
  reason?: string;
  /**
   * The status the caller saw. The change only applies while the complaint is still in it, so of
   * two agents changing the same complaint at once exactly one wins. Defaults to complaint.status.
   */
  from?: ComplaintStatus;
}

export interface StatusChanged {
  complaint: LeanComplaint;
  event: StoredEvent;
  change: ComplaintChange;
}

/** The fields that travel with a status: timestamps of resolution and closure, reopen counting. */
export function statusFields(c: Pick<LeanComplaint, 'reopenCount'>, from: ComplaintStatus, to: ComplaintStatus, now: Date): Record<string, unknown> {
  const set: Record<string, unknown> = { status: to, updatedAt: now };
  if (to === 'resolved') set.resolvedAt = now;
  if (to === 'closed') set.closedAt = now;
  if (from === 'resolved' && to !== 'closed') {
    // Reopened: the earlier resolution no longer stands.
    set.resolvedAt = null;
    set.reopenCount = (c.reopenCount ?? 0) + 1;
  }
  return set;
}

/** The timeline entry of a status change, keyed on its revision (the timeline subscriber writes the same key). */
export function statusEventKey(change: Pick<ComplaintChange, 'complaintId' | 'rev'>): string {
  return `status:${change.complaintId}:${change.rev}`;
}

/**
 * Move a complaint along its lifecycle (see canTransition): one complaint write with its
 * 'status_changed' change, then the timeline entry. Mail, SLA clocks, routing and rollups follow
 * from the change feed. Throws 409 invalid_state when the move is not allowed or another change
 * got there first.
 */
export async function statusChanger(p: ChangeStatusProps): Promise<StatusChanged> {
  const from = p.from ?? p.complaint.status;
  if (!canTransition(from, p.to)) throw errors.invalidState(`A complaint cannot move from ${from} to ${p.to}`);
  const now = services().clock.now();
  const written = await mutateComplaint(
    p.complaint._id,
    (c) => {
      if (c.status !== from) throw errors.invalidState(`The complaint is no longer ${from}: someone changed it meanwhile`);
      return {
        set: statusFields(c, from, p.to, now),
        change: {
          type: 'status_changed',
          from,
          to: p.to,
          actorId: p.actor.id,
          actor: { kind: p.actor.kind, name: p.actor.name },
          ...(p.reason ? { reason: p.reason } : {}),
        },
      };
    },
    { current: p.complaint },
  );
  if (!written) throw errors.notFound('Complaint');
  const event = await recordEvent({
    complaint: written.after,
    type: 'status_changed',
    visibility: 'public',
    actor: p.actor,
    data: { from, to: p.to, ...(p.reason ? { reason: p.reason } : {}) },
    dedupeKey: statusEventKey(written.change),
    at: now,
  });
  return { complaint: written.after, event, change: written.change };
}
