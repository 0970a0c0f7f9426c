import { Types } from 'mongoose';
import { services } from '../../../platform/context';
import { errors } from '../../../platform/errors';
import { storeFiles, type CheckedFile } from '../attachments';
import { Complaint, type ComplaintDoc } from '../complaint.model';
import { ComplaintEvent } from '../complaintEvent.model';
import { publishComplaintChange } from '../complaintChanges';
import { broadcastComplaint } from '../complaintHooks';
import { statusChanger } from './statusChanger';
import { recordEvent, type Actor, type StoredEvent } from './timelineRecorder';

export interface CustomerReplyProps {
  complaint: ComplaintDoc;
  body: string;
  channel: 'web' | 'email';
  /** Content-checked uploads sent with the reply; stored only once the reply is accepted. */
  files?: CheckedFile[];
  /** For email: the inbound Message-ID, so our next mail answers it (and a redelivery adds it once). */
  messageId?: string;
}

export interface CustomerReplied {
  complaint: ComplaintDoc;
  event: StoredEvent;
  reopened: boolean;
}

/**
 * The customer answers on the tracking page or by email. A reply to a resolved complaint reopens
 * it (the resolution did not satisfy them); a reply while we wait on them hands it back to the
 * team. A closed complaint takes no replies (409 invalid_state): they file a new one.
 */
export async function customerReplier(p: CustomerReplyProps): Promise<CustomerReplied> {
  const now = services().clock.now();
  let c = p.complaint;
  const actor: Actor = { kind: 'customer', id: String(c.customerId), name: c.customer.name };
  if (p.messageId) {
    // The same inbound email delivered twice: answer as before, without reopening anything again.
    const seen = await ComplaintEvent.findOne({ dedupeKey: `inbound:${p.messageId}` }).lean();
    if (seen) return { complaint: c, event: seen as StoredEvent, reopened: false };
  }
  if (c.status === 'closed') throw errors.invalidState('This complaint is closed; please file a new one');

  let reopened = false;
  if (c.status === 'resolved') {
    try {
      c = (await statusChanger({ complaint: c, from: 'resolved', to: 'in_progress', actor, reason: 'customer replied' })).complaint;
      reopened = true;
    } catch (err) {
      // Closed (or reopened) a moment ago: decide on the fresh state.
      const fresh = await Complaint.findById(c._id);
      if ((err as { id?: string }).id !== 'invalid_state' || !fresh || fresh.status === 'closed') throw err;
      c = fresh;
    }
  }

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
  await Complaint.updateOne({ _id: c._id }, { $set: { lastCustomerMessageAt: now, updatedAt: now } });

  if (c.status === 'waiting_on_customer') {
    await statusChanger({ complaint: c, from: 'waiting_on_customer', to: 'in_progress', actor, dedupeKey: `answered:${key}` }).catch((err: { id?: string }) => {
      if (err.id !== 'invalid_state') throw err;
    });
  }
  await publishComplaintChange({ type: 'customer_reply', complaintId: c.id, at: now });
  await broadcastComplaint(c._id);
  return { complaint: (await Complaint.findById(c._id))!, event, reopened };
}
