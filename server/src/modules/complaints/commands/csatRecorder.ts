import { services } from '../../../platform/context';
import { errors } from '../../../platform/errors';
import { ComplaintEvent } from '../complaintEvent.model';
import { mutateComplaint, type LeanComplaint } from '../feed/complaintWriter';
import { appendEvent, type StoredEvent } from './timelineRecorder';

export interface RecordCsatProps {
  complaint: LeanComplaint;
  score: number;
  comment?: string;
}

/** The survey key: one rating per resolution (a reopened and re-resolved complaint may be rated again). */
export function csatKey(c: Pick<LeanComplaint, '_id' | 'reopenCount'>): string {
  return `csat:${String(c._id)}:${c.reopenCount ?? 0}`;
}

/** True when the customer may rate now: resolved or closed, and not yet rated for this resolution. */
export async function canRate(c: LeanComplaint): Promise<boolean> {
  if (c.status !== 'resolved' && c.status !== 'closed') return false;
  return !(await ComplaintEvent.exists({ dedupeKey: csatKey(c) }));
}

/**
 * The customer rates the resolution (1–5 and a comment). The unique timeline key is the claim, so
 * of two simultaneous submissions one is stored and the other gets 409 conflict.
 */
export async function csatRecorder(p: RecordCsatProps): Promise<{ complaint: LeanComplaint; event: StoredEvent }> {
  const c = p.complaint;
  if (c.status !== 'resolved' && c.status !== 'closed') throw errors.invalidState('You can rate a complaint once it is resolved');
  const now = services().clock.now();
  const { event, created } = await appendEvent({
    complaint: c,
    type: 'csat',
    visibility: 'public',
    actor: { kind: 'customer', id: String(c.customerId), name: c.customer.name },
    body: p.comment ?? '',
    data: { score: p.score },
    dedupeKey: csatKey(c),
    at: now,
  });
  if (!created) throw errors.conflict('You have already rated this resolution');
  const written = await mutateComplaint(
    c._id,
    () => ({ set: { csat: { score: p.score, comment: p.comment ?? '', at: now }, updatedAt: now }, change: { type: 'csat', score: p.score } }),
    { current: c },
  );
  return { complaint: written?.after ?? c, event };
}
