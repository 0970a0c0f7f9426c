import { services } from '../../../platform/context';
import { errors } from '../../../platform/errors';
import { Complaint, type ComplaintDoc } from '../complaint.model';
import { ComplaintEvent } from '../complaintEvent.model';
import { publishComplaintChange } from '../complaintChanges';
import { broadcastComplaint } from '../complaintHooks';
import { appendEvent, type StoredEvent } from './timelineRecorder';

export interface RecordCsatProps {
  complaint: ComplaintDoc;
  score: number;
  comment?: string;
}

/** The survey key: one rating per resolution (a reopened and re-resolved complaint may be rated again). */
export function csatKey(c: Pick<ComplaintDoc, 'id' | 'reopenCount'>): string {
  return `csat:${c.id}:${c.reopenCount}`;
}

/** True when the customer may rate now: resolved or closed, and not yet rated for this resolution. */
export async function canRate(c: ComplaintDoc): Promise<boolean> {
  if (c.status !== 'resolved' && c.status !== 'closed') return false;
  return !(await ComplaintEvent.exists({ dedupeKey: csatKey(c) }));
}

/**
 * The customer rates the resolution (1–5 and a comment). The unique timeline key is the claim, so
 * of two simultaneous submissions one is stored and the other gets 409 conflict.
 */
export async function csatRecorder(p: RecordCsatProps): Promise<{ complaint: ComplaintDoc; event: StoredEvent }> {
  const c = p.complaint;
  if (c.status !== 'resolved' && c.status !== 'closed') throw errors.invalidState('You can rate a complaint once it is resolved');
  const now = services().clock.now();
  const key = csatKey(c);
  if (await ComplaintEvent.exists({ dedupeKey: key })) throw errors.conflict('You have already rated this resolution');
  const { event, created } = await appendEvent({
    complaint: c,
    type: 'csat',
    visibility: 'public',
    actor: { kind: 'customer', id: String(c.customerId), name: c.customer.name },
    body: p.comment ?? '',
    data: { score: p.score },
    dedupeKey: key,
    at: now,
  });
  // A racing twin passed the check above too, but only one insert of the key succeeds.
  if (!created) throw errors.conflict('You have already rated this resolution');
  await Complaint.updateOne({ _id: c._id }, { $set: { csat: { score: p.score, comment: p.comment ?? '', at: now }, updatedAt: now } });
  await publishComplaintChange({ type: 'csat', complaintId: c.id, at: now, score: p.score });
  await broadcastComplaint(c._id);
  return { complaint: (await Complaint.findById(c._id))!, event };
}
