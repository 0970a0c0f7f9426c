import { Types } from 'mongoose';
import type { UserDoc } from '../../auth/user.model';
import { services } from '../../../platform/context';
import { errors } from '../../../platform/errors';
import { enqueueMail, newMessageId } from '../../notifications/outbox';
import { Complaint, type ComplaintDoc } from '../complaint.model';
import type { ComplaintEventFields } from '../complaint.types';
import { publishComplaintChange } from '../complaintChanges';
import { broadcastComplaint } from '../complaintHooks';
import { replyMail } from '../mail/templates';
import { trackingUrl } from '../tracking';
import { withComplaintLock } from './complaintLock';
import { threadHeaders } from './mailThread';
import { statusChanger } from './statusChanger';
import { recordEvent, type StoredEvent } from './timelineRecorder';

export interface PostMessageProps {
  complaint: ComplaintDoc;
  author: Pick<UserDoc, 'id' | 'name'>;
  body: string;
  visibility: 'public' | 'internal';
  attachments?: ComplaintEventFields['attachments'];
  /** Lets a caller that retries the same post add it once (defaults to a fresh id). */
  dedupeKey?: string;
}

export interface MessagePosted {
  complaint: ComplaintDoc;
  event: StoredEvent;
}

/**
 * A staff member writes on a complaint. An internal note stays on the timeline for staff only; a
 * public reply is also emailed to the customer through the outbox, threaded on the conversation,
 * counts as the first response when it is one, and starts work on a complaint not yet started.
 */
export async function messagePoster(p: PostMessageProps): Promise<MessagePosted> {
  const now = services().clock.now();
  const key = p.dedupeKey ?? new Types.ObjectId().toHexString();
  const actor = { kind: 'staff' as const, id: p.author.id, name: p.author.name };
  const c = p.complaint;

  if (p.visibility === 'internal') {
    const event = await recordEvent({ complaint: c, type: 'note', visibility: 'internal', actor, body: p.body, attachments: p.attachments, dedupeKey: `note:${key}`, at: now });
    await Complaint.updateOne({ _id: c._id }, { $set: { updatedAt: now } });
    await broadcastComplaint(c._id);
    return { complaint: (await Complaint.findById(c._id))!, event };
  }

  if (c.status === 'closed') throw errors.invalidState('This complaint is closed: add an internal note, or the customer files a new one');

  // Threading is computed before this reply exists, so it answers the latest earlier message.
  const thread = await threadHeaders(c);
  const messageId = newMessageId('r');
  const event = await recordEvent({
    complaint: c,
    type: 'message',
    visibility: 'public',
    actor,
    body: p.body,
    attachments: p.attachments,
    channel: 'email',
    messageId,
    dedupeKey: `reply:${key}`,
    at: now,
  });
  const mail = replyMail({ reference: c.reference, body: p.body, trackingUrl: trackingUrl(c.reference, c.id), language: c.language });
  await enqueueMail({
    dedupeKey: `reply:${key}`,
    complaintId: c._id,
    to: c.customer.email,
    subject: mail.subject,
    text: mail.text,
    // The stored event's id wins on a retry, so the email and the timeline agree.
    messageId: event.messageId ?? messageId,
    inReplyTo: thread.inReplyTo,
    references: thread.references,
  });

  // Only the first public reply sets firstResponseAt (null condition, under the lock: race-free).
  const first = await withComplaintLock(c._id, async () => {
    const r = await Complaint.updateOne({ _id: c._id, firstResponseAt: null }, { $set: { firstResponseAt: now } });
    return r.modifiedCount === 1;
  });
  await Complaint.updateOne({ _id: c._id }, { $set: { lastStaffMessageAt: now, updatedAt: now } });

  if (c.status === 'new' || c.status === 'assigned') {
    await statusChanger({ complaint: c, from: c.status, to: 'in_progress', actor, dedupeKey: `reply-start:${key}` }).catch((err: { id?: string }) => {
      // Someone else moved it meanwhile; the reply stands either way.
      if (err.id !== 'invalid_state') throw err;
    });
  }
  await publishComplaintChange({ type: 'staff_reply', complaintId: c.id, at: now, actorId: p.author.id, first });
  await broadcastComplaint(c._id);
  return { complaint: (await Complaint.findById(c._id))!, event };
}
