import { Types } from 'mongoose';
import type { ComplaintStatus } from '@redress/shared';
import type { UserDoc } from '../../auth/user.model';
import { services } from '../../../platform/context';
import { errors } from '../../../platform/errors';
import { newMessageId } from '../../notifications/outbox';
import type { ComplaintEventFields } from '../complaint.types';
import { mutateComplaint, type LeanComplaint } from '../feed/complaintWriter';
import { recordEvent, type StoredEvent } from './timelineRecorder';

export interface PostMessageProps {
  complaint: LeanComplaint;
  author: Pick<UserDoc, 'id' | 'name'>;
  body: string;
  visibility: 'public' | 'internal';
  attachments?: ComplaintEventFields['attachments'];
  /** Lets a caller that retries the same post add it once (defaults to a fresh id). */
  dedupeKey?: string;
}

export interface MessagePosted {
  complaint: LeanComplaint;
  event: StoredEvent;
}

/** A public reply starts work on a complaint not yet started. */
const startedBy: Partial<Record<ComplaintStatus, ComplaintStatus>> = { new: 'in_progress', assigned: 'in_progress' };

/**
 * A staff member writes on a complaint. An internal note stays on the timeline for staff only; a
 * public reply counts as the first response when it is one and starts work on a complaint not yet
 * started. The request stores the timeline entry and the complaint write; the email to the
 * customer (threaded on the conversation), SLA clocks and consoles follow from the change feed.
 */
export async function messagePoster(p: PostMessageProps): Promise<MessagePosted> {
  const now = services().clock.now();
  const key = p.dedupeKey ?? new Types.ObjectId().toHexString();
  const actor = { kind: 'staff' as const, id: p.author.id, name: p.author.name };
  const c = p.complaint;
  const id = c._id;

  if (p.visibility === 'internal') {
    const event = await recordEvent({
      complaint: c,
      type: 'note',
      visibility: 'internal',
      actor,
      body: p.body,
      attachments: p.attachments,
      dedupeKey: `note:${key}`,
      at: now,
    });
    const written = await mutateComplaint(id, () => ({ set: { updatedAt: now }, change: { type: 'note', eventId: String(event._id) } }), { current: c });
    return { complaint: written?.after ?? c, event };
  }

  if (c.status === 'closed') throw errors.invalidState('This complaint is closed: add an internal note, or the customer files a new one');
  const event = await recordEvent({
    complaint: c,
    type: 'message',
    visibility: 'public',
    actor,
    body: p.body,
    attachments: p.attachments,
    channel: 'email',
    messageId: newMessageId('r'),
    dedupeKey: `reply:${key}`,
    at: now,
  });
  const written = await mutateComplaint(
    id,
    (fresh) => {
      const first = fresh.firstResponseAt == null;
      const to = startedBy[fresh.status];
      return {
        set: { lastStaffMessageAt: now, updatedAt: now, ...(first ? { firstResponseAt: now } : {}), ...(to ? { status: to } : {}) },
        change: {
          type: 'staff_reply',
          actorId: p.author.id,
          first,
          eventId: String(event._id),
          // The stored event's id wins on a retry, so the email and the timeline agree.
          messageId: event.messageId ?? '',
          body: p.body,
          ...(to ? { status: { from: fresh.status, to } } : {}),
        },
      };
    },
    { current: c },
  );
  if (!written) throw errors.notFound('Complaint');
  return { complaint: written.after, event };
}
