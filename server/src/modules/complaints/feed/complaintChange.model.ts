import mongoose, { Schema, type Types } from 'mongoose';

/**
 * One entry of the durable complaint change feed, also the write-ahead record of the complaint
 * write it describes. `_id` is `<complaintId>:<rev>`: inserting it claims that revision (unique
 * _id is atomic on MongoDB and FerretDB alike), so of two writers on one complaint exactly one
 * gets each revision, and a crash between this insert and the complaint write is rolled forward
 * from `set` / `create` (see complaintWriter.ts). Rows are deleted once every subscriber has
 * processed them, so the collection holds only work in flight and dead letters.
 */
export interface ComplaintChangeFields {
  _id: string;
  complaintId: Types.ObjectId;
  rev: number;
  type: string;
  /** The change's payload (see ComplaintChangeData in complaintChanges.ts). */
  data: Record<string, unknown>;
  /**
   * The `$set` of the complaint write as path/value pairs (stored keys may not contain dots), with
   * absolute values only, so applying it twice is harmless.
   */
  set: { p: string; v: unknown }[] | null;
  /** For the first revision: the whole complaint document to insert. */
  create: Record<string, unknown> | null;
  at: Date;
  /** When the repair scan should look at this change again (now + grace; later after a failure). */
  scanAfter: Date;
}

const complaintChangeSchema = new Schema<ComplaintChangeFields>(
  {
    _id: { type: String, required: true },
    complaintId: { type: Schema.Types.ObjectId, required: true },
    rev: { type: Number, required: true },
    type: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    set: { type: [{ _id: false, p: String, v: Schema.Types.Mixed }], default: null },
    create: { type: Schema.Types.Mixed, default: null },
    at: { type: Date, required: true },
    scanAfter: { type: Date, required: true },
  },
  { strict: true, versionKey: false, minimize: false },
);
complaintChangeSchema.index({ complaintId: 1, rev: 1 });
complaintChangeSchema.index({ scanAfter: 1 });

export const ComplaintChangeRecord = mongoose.model<ComplaintChangeFields>('ComplaintChange', complaintChangeSchema, 'complaint_changes');

/** Per complaint: how far each subscriber got, its failures and dead letters. Written only by the dispatcher. */
export interface SubscriberProgress {
  rev: number;
  attempts: number;
  nextAt?: Date | null;
  error?: string | null;
  dead?: boolean;
  deadAt?: Date | null;
}

export interface FeedStateFields {
  _id: Types.ObjectId;
  subs: Record<string, SubscriberProgress>;
  /** Subscribers parked in the dead-letter state on this complaint (for the admin page). */
  dead: string[];
  updatedAt: Date;
}

const feedStateSchema = new Schema<FeedStateFields>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    subs: { type: Schema.Types.Mixed, default: {} },
    dead: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
  },
  { strict: true, versionKey: false, minimize: false },
);
feedStateSchema.index({ dead: 1 });

export const FeedState = mongoose.model<FeedStateFields>('FeedState', feedStateSchema, 'complaint_feed_state');
