import { Types } from 'mongoose';
import { canTransition, type ComplaintStatus } from '@redress/shared';
import { services } from '../../../platform/context';
import { errors } from '../../../platform/errors';
import { enqueueMail } from '../../notifications/outbox';
import { Complaint, type ComplaintDoc } from '../complaint.model';
import { publishComplaintChange } from '../complaintChanges';
import { broadcastComplaint } from '../complaintHooks';
import { resolvedMail } from '../mail/templates';
import { trackingUrl } from '../tracking';
import { withComplaintLock } from './complaintLock';
import { threadHeaders } from './mailThread';
import { recordEvent, type Actor, type StoredEvent } from './timelineRecorder';

export interface ChangeStatusProps {
  complaint: ComplaintDoc;
  to: ComplaintStatus;
  actor: Actor;
  reason?: string;
  /**
   * The status the caller saw. The update only applies while the complaint is still in it, so of
   * two agents changing the same complaint at once exactly one wins. Defaults to complaint.status.
   */
  from?: ComplaintStatus;
  /** A fixed event key for callers that may retry the same change (jobs). */
  dedupeKey?: string;
}

export interface StatusChanged {
  complaint: ComplaintDoc;
  event: StoredEvent;
}

/** The fields that travel with a status: timestamps of resolution and closure, reopen counting. */
function updateFor(from: ComplaintStatus, to: ComplaintStatus, now: Date) {
  const set: Record<string, unknown> = { status: to, updatedAt: now };
  const inc: Record<string, number> = {};
  if (to === 'resolved') set.resolvedAt = now;
  if (to === 'closed') set.closedAt = now;
  if (from === 'resolved' && to !== 'closed') {
    // Reopened: the earlier resolution no longer stands.
    set.resolvedAt = null;
    inc.reopenCount = 1;
  }
  return Object.keys(inc).length ? { $set: set, $inc: inc } : { $set: set };
}

/**
 * Move a complaint along its lifecycle (see canTransition). One atomic conditional update, then a
 * timeline event, the resolution email when resolved, and the change published to other domains.
 * Throws 409 invalid_state when the move is not allowed or another change got there first.
 */
export async function statusChanger(p: ChangeStatusProps): Promise<StatusChanged> {
  const from = p.from ?? p.complaint.status;
  if (!canTransition(from, p.to)) throw errors.invalidState(`A complaint cannot move from ${from} to ${p.to}`);
  const now = services().clock.now();
  await withComplaintLock(p.complaint._id, async () => {
    // The condition on `from` makes this atomic on MongoDB; the lock makes it so on FerretDB too.
    const r = await Complaint.updateOne({ _id: p.complaint._id, status: from }, updateFor(from, p.to, now));
    if (r.matchedCount !== 1) throw errors.invalidState(`The complaint is no longer ${from}: someone changed it meanwhile`);
  });
  const complaint = (await Complaint.findById(p.complaint._id))!;

  const event = await recordEvent({
    complaint,
    type: 'status_changed',
    visibility: 'public',
    actor: p.actor,
    data: { from, to: p.to, ...(p.reason ? { reason: p.reason } : {}) },
    // The conditional update above already admits each transition once; callers that may repeat
    // the same transition (jobs) pass their own deterministic key.
    dedupeKey: p.dedupeKey ?? `status:${complaint.id}:${from}>${p.to}:${new Types.ObjectId().toHexString()}`,
    at: now,
  });

  if (p.to === 'resolved') await enqueueResolvedMail(complaint);
  await publishComplaintChange({ type: 'status_changed', complaintId: complaint.id, at: now, from, to: p.to, actorId: p.actor.id });
  await broadcastComplaint(complaint._id);
  return { complaint, event };
}

/** The resolution email with the survey link; once per resolution (a reopened one may be resolved again). */
async function enqueueResolvedMail(c: ComplaintDoc): Promise<void> {
  const mail = resolvedMail({ reference: c.reference, name: c.customer.name, trackingUrl: trackingUrl(c.reference, c.id), language: c.language });
  const thread = await threadHeaders(c);
  await enqueueMail({
    dedupeKey: `resolved:${c.id}:${c.reopenCount}`,
    complaintId: c._id,
    to: c.customer.email,
    subject: mail.subject,
    text: mail.text,
    inReplyTo: thread.inReplyTo,
    references: thread.references,
  });
}
