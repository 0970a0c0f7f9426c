import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const outboxStatuses = ['pending', 'sending', 'sent', 'failed'] as const;

/**
 * One email to send. Written by the request that causes it (before answering), sent by the
 * outbox worker; `dedupeKey` is unique so a retried request cannot queue the same email twice.
 */
const outboxSchema = new Schema(
  {
    dedupeKey: { type: String, required: true },
    complaintId: { type: Schema.Types.ObjectId, default: null },
    to: { type: String, required: true },
    replyTo: String,
    subject: { type: String, required: true },
    text: { type: String, required: true },
    html: String,
    messageId: { type: String, required: true },
    inReplyTo: String,
    references: [String],
    status: { type: String, enum: outboxStatuses, default: 'pending' },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lockedUntil: { type: Date, default: null },
    lastError: String,
    sentAt: Date,
    createdAt: { type: Date, required: true },
    /** Mails that may absorb later parts while still waiting (enqueueMergedMail): the group and what is in it. */
    mergeKey: { type: String, default: null },
    parts: { type: [String], default: undefined },
  },
  { strict: true, versionKey: false },
);
outboxSchema.index({ dedupeKey: 1 }, { unique: true });
outboxSchema.index({ status: 1, nextAttemptAt: 1 });
/** Inbound replies find their complaint by the Message-ID they answer (notifications/inbound). */
outboxSchema.index({ messageId: 1 });
outboxSchema.index({ mergeKey: 1, status: 1 });

export type OutboxDoc = InferSchemaType<typeof outboxSchema>;
export const OutboxMail = mongoose.model('OutboxMail', outboxSchema, 'mail_outbox');
