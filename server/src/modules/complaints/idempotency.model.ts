import mongoose, { Schema } from 'mongoose';

/**
 * Idempotency-Key records for POST /api/complaints. Inserting the key (unique _id) is the claim:
 * exactly one request wins, and the complaint id is chosen before the complaint is written, so a
 * retry after a crash finishes the same complaint instead of creating another.
 */
const idempotencySchema = new Schema(
  {
    _id: { type: String, required: true },
    bodyHash: { type: String, required: true },
    complaintId: { type: Schema.Types.ObjectId, required: true },
    reference: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: true, versionKey: false },
);
idempotencySchema.index({ createdAt: 1 });

export const IdempotencyKey = mongoose.model('IdempotencyKey', idempotencySchema, 'idempotency_keys');
