import { Types } from 'mongoose';
import type { ComplaintStatus } from '@redress/shared';
import { services } from '../../../platform/context';
import { errors } from '../../../platform/errors';
import { storeFiles, type CheckedFile } from '../attachments';
import { ComplaintEvent } from '../complaintEvent.model';
import { mutateComplaint, type LeanComplaint } from '../feed/complaintWriter';
import { recordEvent, type Actor, type StoredEvent } from './timelineRecorder';

export interface CustomerReplyProps {
  complaint: LeanComplaint;
  body: string;
  channel: 'web' | 'email';
  /** Content-checked uploads sent with the reply; stored only once the reply is accepted. */
  files?: CheckedFile[];
  /** For email: the inbound Message-ID, so our next mail answers it (and a redelivery adds it once). */
  messageId?: string;
}

export interface CustomerReplied {
  complaint: LeanComplaint;
  event: StoredEvent;
  reopened: boolean;
}

/** A customer's reply reopens a resolved complaint and hands one waiting on them back to the team. */
const answeredBy: Partial<Record<ComplaintStatus, ComplaintStatus>> = { resolved: 'in_progress', waiting_on_customer: 'in_progress' };

/**
 * The customer answers on the tracking page or by email. A reply to a resolved complaint reopens
 * it (the resolution did not satisfy them); a reply while we wait on them hands it back to the
 * team. A closed complaint takes no replies (409 invalid_state): they file a new one.
 */
export async function customerReplier(p: CustomerReplyProps): Promise<CustomerReplied> {
  const now = services().clock.now();
  const c = p.complaint;
  const actor: Actor = { kind: 'customer', id: String(c.customerId), name: c.customer.name };
  if (p.messageId) {
    // The same inbound email delivered twice: answer as before, without reopening anything again.
    const seen = await ComplaintEvent.findOne({ dedupeKey: `inbound:${p.messageId}` }).lean();
    if (seen) return { complaint: c, event: seen as StoredEvent, reopened: false };
  }
  if (c.status === 'closed') throw errors.invalidState('This complaint is closed; please file a new one');

  const attachments = p.files?.length ? await storeFiles(c._id, p.files) : [];
  const key = p.messageId ? `inbound:${p.messageId}` : `customer:${new Types.ObjectId().toHexString()}`;
  const event = await recordEvent({
    complaint: c,
    type: 'message',
    visibility: 'public',
    actor,
    body: p.body,
    attachments,
    channel: p.channel,
    messageId: p.messageId ?? null,
    dedupeKey: key,
    at: now,
  });
  let reopened = false;
  const written = await mutateComplaint(
    c._id,
    (fresh) => {
      // Closed a moment ago: the message stays on the timeline, the status does not move.
      const to = answeredBy[fresh.status];
      reopened = fresh.status === 'resolved';
      const move = to ? { from: fresh.status, to } : null;
      return {
        set: {
          lastCustomerMessageAt: now,
          updatedAt: now,
          ...(move ? { status: move.to, ...(move.from === 'resolved' ? { resolvedAt: null, reopenCount: (fresh.reopenCount ?? 0) + 1 } : {}) } : {}),
        },
        change: { type: 'customer_reply', eventId: String(event._id), ...(move ? { status: move } : {}) },
      };
    },
    { current: c },
  );
  if (!written) throw errors.notFound('Complaint');
  return { complaint: written.after, event, reopened };
}
