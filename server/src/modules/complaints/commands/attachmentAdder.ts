import { Types } from 'mongoose';
import { services } from '../../../platform/context';
import { errors } from '../../../platform/errors';
import { storeFiles, type CheckedFile, type StoredAttachment } from '../attachments';
import { Complaint, type ComplaintDoc } from '../complaint.model';
import { broadcastComplaint } from '../complaintHooks';
import { recordEvent, type Actor, type StoredEvent } from './timelineRecorder';

export interface AddAttachmentsProps {
  complaint: ComplaintDoc;
  actor: Actor;
  files: CheckedFile[];
  /** Customer uploads are public; staff may keep theirs internal. */
  visibility: 'public' | 'internal';
}

/**
 * Store uploaded (already content-checked) files in GridFS and list them on the timeline as one
 * 'attachment' event. Customers cannot add files to a closed complaint.
 */
export async function attachmentAdder(p: AddAttachmentsProps): Promise<{ event: StoredEvent; attachments: StoredAttachment[] }> {
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
  await Complaint.updateOne({ _id: c._id }, { $set: set });
  await broadcastComplaint(c._id);
  return { event, attachments };
}
