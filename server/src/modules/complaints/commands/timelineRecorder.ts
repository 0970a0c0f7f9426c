import type { Types } from 'mongoose';
import { socketRooms } from '@redress/shared';
import { services } from '../../../platform/context';
import type { ComplaintEventFields } from '../complaint.types';
import { ComplaintEvent, type ComplaintEventType } from '../complaintEvent.model';
import { roomsFor } from '../complaintHooks';
import type { LeanComplaint } from '../feed/complaintWriter';

/** Who did something on a complaint. */
export interface Actor {
  kind: 'customer' | 'staff' | 'system';
  id: string | null;
  name: string;
}

/** The system itself (jobs, automatic transitions). */
export const systemActor: Actor = { kind: 'system', id: null, name: 'Redress' };

export interface RecordEventProps {
  complaint: Pick<LeanComplaint, '_id' | 'teamId' | 'assigneeId'>;
  type: ComplaintEventType;
  visibility: 'public' | 'internal';
  actor: Actor;
  body?: string;
  data?: Record<string, unknown>;
  attachments?: ComplaintEventFields['attachments'];
  channel?: string | null;
  messageId?: string | null;
  /** Deterministic for anything a retry could repeat: the event is then added once. */
  dedupeKey: string;
  at: Date;
}

export type StoredEvent = ComplaintEventFields & { _id: Types.ObjectId };

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

/**
 * Append one entry to a complaint's timeline, exactly once per dedupeKey, and tell the consoles
 * watching the complaint that its timeline grew. Returns the stored entry (the first one written
 * when the key was already used).
 */
export async function recordEvent(p: RecordEventProps): Promise<StoredEvent> {
  return (await appendEvent(p)).event;
}

/** As recordEvent, and says whether this call stored the entry (false: the key was taken). */
export async function appendEvent(p: RecordEventProps): Promise<{ event: StoredEvent; created: boolean }> {
  const fields = {
    complaintId: p.complaint._id,
    type: p.type,
    visibility: p.visibility,
    actor: p.actor,
    body: p.body ?? '',
    data: p.data ?? {},
    attachments: p.attachments ?? [],
    channel: p.channel ?? null,
    messageId: p.messageId ?? null,
    at: p.at,
  };
  // Inserting under the unique dedupeKey is atomic on every engine: a repeat finds the first one.
  let stored: StoredEvent | null = null;
  try {
    stored = (await ComplaintEvent.create({ ...fields, dedupeKey: p.dedupeKey })).toObject() as StoredEvent;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const created = stored !== null;
  stored ??= (await ComplaintEvent.findOne({ dedupeKey: p.dedupeKey }).lean()) as StoredEvent | null;
  if (!stored) throw new Error(`timeline event ${p.dedupeKey} vanished`);
  const id = String(p.complaint._id);
  services()
    .realtime.toRooms([...roomsFor(p.complaint), socketRooms.complaint(id)])
    .emit('complaint:timeline', { complaintId: id, eventId: String(stored._id) });
  return { event: stored, created };
}
