import mongoose, { Schema, Types } from 'mongoose';
import type { ComplaintEventFields } from './complaint.types';

export const complaintEventTypes = [
  'created',
  'message',
  'note',
  'status_changed',
  'assigned',
  'unassigned',
  'queued',
  'priority_changed',
  'attachment',
  'escalated',
  'sla',
  'remedy',
  'csat',
  'email_sent',
] as const;
export type ComplaintEventType = (typeof complaintEventTypes)[number];

/**
 * One entry of a complaint's timeline. Append-only: nothing is edited in place. `dedupeKey` is
 * unique (always set; FerretDB has no partial indexes) so retried commands add an event once.
 */
const complaintEventSchema = new Schema<ComplaintEventFields>(
  {
    complaintId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, enum: complaintEventTypes, required: true },
    visibility: { type: String, enum: ['public', 'internal'], required: true },
    actor: {
      kind: { type: String, enum: ['customer', 'staff', 'system'], required: true },
      id: { type: String, default: null },
      name: { type: String, required: true },
    },
    body: { type: String, default: '' },
    data: { type: Schema.Types.Mixed, default: {} },
    attachments: {
      type: [{ fileId: Schema.Types.ObjectId, filename: String, contentType: String, size: Number, _id: false }],
      default: [],
    },
    channel: { type: String, default: null },
    messageId: { type: String, default: null },
    dedupeKey: { type: String, required: true, default: () => new Types.ObjectId().toHexString() },
    at: { type: Date, required: true },
  },
  { strict: true, versionKey: false },
);
complaintEventSchema.index({ complaintId: 1, at: 1 });
complaintEventSchema.index({ dedupeKey: 1 }, { unique: true });
complaintEventSchema.index({ messageId: 1 });

export type { ComplaintEventFields };
export const ComplaintEvent = mongoose.model<ComplaintEventFields>('ComplaintEvent', complaintEventSchema, 'complaint_events');
