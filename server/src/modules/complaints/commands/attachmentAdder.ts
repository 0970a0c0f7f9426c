import { Types } from 'mongoose';
import { services } from '../../../platform/context';
import { errors } from '../../../platform/errors';
import { storeFiles, type CheckedFile, type StoredAttachment } from '../attachments';
import { mutateComplaint, type LeanComplaint } from '../feed/complaintWriter';
import { recordEvent, type Actor, type StoredEvent } from './timelineRecorder';

export interface AddAttachmentsProps {
  complaint: LeanComplaint;
  actor: Actor;
  files: CheckedFile[];
  /** Customer uploads are public; staff may keep theirs internal. */
  visibility: 'public' | 'internal';
}

/**
 * Store uploaded (already content-checked) files in GridFS and list them on the timeline as one
 * 'attachment' event. Customers cannot add files to a closed complaint.
 */
export async function attachmentAdder(p: AddAttachmentsProps): Promise<{ event: StoredEvent; attachments: StoredAttachment[]; complaint: LeanComplaint }> {
  const c = p.complaint;
  if (!p.files.length) throw errors.validation([{ path: 'files', message: 'Choose at least one file' }]);
  if (p.actor.kind === 'customer' && c.status === 'closed') throw errors.invalidState('This complaint is closed; please file a new one');
  const now = services().clock.now();
  const attachments = await storeFiles(c._id, p.files);
  const event = await recordEvent({
    complaint: c,
    type: 'attachment',
    visibility: p.visibility,
    actor: p.actor,
    attachments,
    dedupeKey: `attachment:${new Types.ObjectId().toHexString()}`,
    at: now,
  });
  const set: Record<string, Date> = { updatedAt: now };
  if (p.actor.kind === 'customer') set.lastCustomerMessageAt = now;
  const written = await mutateComplaint(c._id, () => ({ set, change: { type: 'attachment', eventId: String(event._id) } }), { current: c });
  return { event, attachments, complaint: written?.after ?? c };
}
